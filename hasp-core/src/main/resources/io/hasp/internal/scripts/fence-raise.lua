-- Hasp fence raise (Redlock): lift this node's fence counter to at least the fence a quorum chose, so that every
-- later majority, which shares at least one node with the majority that confirmed the raise, issues a larger fence.
-- KEYS[1]  the fence counter key of the lock
-- ARGV[1]  the fence chosen by the acquiring client
-- ARGV[2]  how long the fence counter outlives this raise, ms
-- Reply:   the counter after the raise (>= ARGV[1]); -1 if KEYS[1] holds foreign data, which is left untouched
local current, foreign = readFence(KEYS[1])
if foreign then
  return -1
end
local raised = math.max(current, tonumber(ARGV[1]))
writeFence(KEYS[1], raised, ARGV[2])
return raised
