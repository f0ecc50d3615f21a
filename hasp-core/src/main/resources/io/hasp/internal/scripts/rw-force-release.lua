-- Hasp read-write lock force-release: end the writer's and every reader's lease whoever holds them, but only if the
-- keys hold Hasp data. The fence counter and waiting writers' intents are kept; waiting clients are woken.
-- KEYS[1]  the writer key (a string holding the writer's token)
-- KEYS[2]  readers: sorted set token -> lease end (server ms)
-- KEYS[3]  the waiter registry
-- ARGV[1]  the prefix every Hasp token starts with
-- ARGV[2]  the lock's notification channel
-- Reply:   {n, ''}    n leases (the writer and live readers) were ended (0: none)
--          {-k, type} KEYS[k] holds foreign data of this type (another type, a value that is not a Hasp token, or
--                     'member': a member Hasp did not write, see the prelude's readEntries); nothing was deleted
local writer, foreign = readLock(KEYS[1], ARGV[1])
if foreign then
  return {-1, foreign}
end
local _, other = readEntries(KEYS[2], isToken)
if other then
  return {-2, other}
end
local ended = #redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. nowMillis(), '+inf')
if writer then
  ended = ended + 1
end
redis.call('DEL', KEYS[1], KEYS[2])
wakeWaiters(KEYS[3], ARGV[2])
return {ended, ''}
