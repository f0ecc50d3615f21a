-- Hasp semaphore force-release: end every lease of a semaphore whoever holds it, but only if its holder keys hold
-- Hasp data. The permit count, the fence counter and the queue are kept; waiting clients are woken.
-- KEYS[1]  holders: sorted set token -> lease end (server ms)
-- KEYS[2]  counts: sorted set token -> permits held
-- KEYS[3]  the waiter registry
-- ARGV[1]  the prefix every Hasp token starts with
-- ARGV[2]  the semaphore's notification channel
-- Reply:   {n, ''}    n leases still within their time were ended (0: none; the keys are gone either way)
--          {-k, type} KEYS[k] holds foreign data of this type (another type, or members that are not Hasp tokens);
--                     nothing was deleted
for k = 1, 2 do
  local _, foreign = readSortedSet(KEYS[k])
  if foreign then
    return {-k, foreign}
  end
  for _, member in ipairs(redis.call('ZRANGE', KEYS[k], 0, -1)) do
    local _, notOurs = lockValue(member, ARGV[1])
    if notOurs then
      return {-k, 'zset'}
    end
  end
end
local ended = #redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. nowMillis(), '+inf')
redis.call('DEL', KEYS[1], KEYS[2])
wakeWaiters(KEYS[3], ARGV[2])
return {ended, ''}
