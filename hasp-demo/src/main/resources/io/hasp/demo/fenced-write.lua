-- Demo store: write the counter for a lock holder unless a holder with a newer fencing token has been here.
-- KEYS[1]  the counter
-- KEYS[2]  the newest fencing token the store has seen
-- ARGV[1]  the writer's fencing token
-- ARGV[2]  the new counter value
-- Reply:   1 written; 0 refused (the writer's lease has been superseded), nothing changed
-- An equal token is the same holder that did the fenced read; an older one lost its lease meanwhile.
local newest = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) < newest then
  return 0
end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SET', KEYS[1], ARGV[2])
return 1
