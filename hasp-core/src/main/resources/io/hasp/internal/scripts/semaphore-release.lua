-- Hasp semaphore release: gives back the permits of one lease by its token, waking the client of the queue's head (by
-- name, 'r <waiter id>', as the lock's release does), or every waiting client if nobody is queued but some wait.
-- Safe to retry: a token that is no longer a holder changes nothing. A release nobody waits for makes 4 calls for a
-- lease of one permit: ZSCORE, ZREM, ZRANGE (of the registry), TIME.
-- KEYS[1]  holders: sorted set token -> lease end (server ms)
-- KEYS[2]  counts: sorted set token -> permits held, for leases of more than one permit
-- KEYS[3]  the waiter registry (client waiter id -> deadline, server ms)
-- KEYS[4]  queue: sorted set '<client waiter id> <call id>' -> arrival (server µs)
-- ARGV[1]  our token
-- ARGV[2]  the semaphore's notification channel
-- ARGV[3]  the permits the lease holds
-- Reply:   1 released (the lease was still ours); 0 not ours (expired, force-released, or the key holds foreign data)
local ends = redis.pcall('ZSCORE', KEYS[1], ARGV[1])
if wrongType(ends, KEYS[1]) or not ends then
  return 0
end
-- A lease of several permits has a counts entry: removing it is the first write, so a counts key of another type
-- fails it, and nothing is written.
if ARGV[3] ~= '1' and wrongType(redis.pcall('ZREM', KEYS[2], ARGV[1]), KEYS[2]) then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
wakeQueueHead(KEYS[4], KEYS[3], ARGV[2])
if tonumber(ends) <= nowMillis() then
  return 0
end
return 1
