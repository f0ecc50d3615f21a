-- Hasp semaphore force-release: end every lease of a semaphore whoever holds it, but only if its holder keys hold
-- Hasp data. The permit count, the fence counter and the queue are kept; waiting clients are woken.
-- KEYS[1]  holders: sorted set token -> lease end (server ms)
-- KEYS[2]  counts: sorted set token -> permits held
-- KEYS[3]  the waiter registry
-- ARGV[1]  the prefix every Hasp token starts with
-- ARGV[2]  the semaphore's notification channel
-- Reply:   {n, ''}    n leases still within their time were ended (0: none; the keys are gone either way)
--          {-k, type} KEYS[k] holds foreign data of this type (another type, or 'member': a member Hasp did not
--                     write, see the prelude's readEntries); nothing was deleted
for k = 1, 2 do
  local _, foreign = readEntries(KEYS[k], isToken)
  if foreign then
    return {-k, foreign}
  end
end
local ended = #redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. nowMillis(), '+inf')
redis.call('DEL', KEYS[1], KEYS[2])
wakeWaiters(KEYS[3], ARGV[2])
return {ended, ''}
