-- Hasp inspect: read one lock's state atomically, for operators. Writes nothing. Foreign data is judged by the same
-- prelude checks that acquire.lua and fair.lua refuse with, so inspect says what an acquire will say.
-- KEYS[1]  the lock key
-- KEYS[2]  the fence counter key of the same lock
-- KEYS[3]  the plain lock's waiter registry (foreign also when it holds a member Hasp did not write: readEntries)
-- KEYS[4..] the fair lock's sorted-set side keys (queue and liveness set)
-- ARGV[1]  the prefix every Hasp token starts with
-- ARGV[2]  how many token characters (after the prefix) to return: never the whole token, so the reply cannot be
--          used to release or extend someone else's lease
-- Reply:   {lockType, foreign (1/0), holderPrefix or '', pttl (-2 absent, -1 no expiry), fence value or ''}:
--          foreign is 1 if any of the keys holds data Hasp did not write (an acquire would be refused); the fence
--          value is sent only when the counter holds the digits Hasp writes
local lockType = redis.call('TYPE', KEYS[1])['ok']
local pttl = -2
if lockType ~= 'none' then
  pttl = redis.call('PTTL', KEYS[1])
end
local anyForeign = 0
local holder = ''
local value, foreign = readLock(KEYS[1], ARGV[1])
if foreign then
  anyForeign = 1
elseif value then
  holder = string.sub(value, #ARGV[1] + 1, #ARGV[1] + tonumber(ARGV[2]))
end
local fence = ''
local _, fenceForeign = readFence(KEYS[2])
if fenceForeign then
  anyForeign = 1
else
  fence = redis.call('GET', KEYS[2]) or ''
end
if KEYS[3] and not readEntries(KEYS[3], isWaiter) then
  anyForeign = 1
end
for i = 4, #KEYS do
  local _, sideForeign = readSortedSet(KEYS[i])
  if sideForeign then
    anyForeign = 1
  end
end
return {lockType, anyForeign, holder, pttl, fence}
