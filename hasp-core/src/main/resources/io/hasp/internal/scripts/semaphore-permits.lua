-- Hasp semaphore permits: sets the semaphore's permit count. Holders keep their leases even above the new count; no
-- new grant is made until the permits held fall below it. Waiting clients are woken (a larger count may let them in).
-- KEYS[1]  permits: the permit count (a string of digits)
-- KEYS[2]  the waiter registry (client waiter id -> deadline, server ms)
-- ARGV[1]  the new count
-- ARGV[2]  the semaphore's notification channel
-- Reply:   {1, previous count or -1 if none was stored}; {-1, type} if KEYS[1] holds foreign data (nothing written)
local stored, foreign = read('GET', KEYS[1])
if foreign or (stored and not string.find(stored, '^%d+$')) then
  return {-1, foreign or 'string'}
end
redis.call('SET', KEYS[1], ARGV[1])
wakeWaiters(KEYS[2], ARGV[2])
return {1, tonumber(stored) or -1}
