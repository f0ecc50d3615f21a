-- Hasp semaphore leave: a waiting call that gave up (timed out, cancelled, failed) leaves the queue at once, so the
-- calls behind it need not wait for its entry to go stale; the waiting clients are woken if it was in the way.
-- KEYS[1]  queue: sorted set call id -> arrival (server µs)
-- KEYS[2]  live: sorted set call id -> deadline (server ms)
-- ARGV[1]  the call id
-- ARGV[2]  the semaphore's notification channel
-- Reply:   1 if the call was queued, else 0
local removed = redis.pcall('ZREM', KEYS[1], ARGV[1])
if type(removed) ~= 'number' or removed == 0 then
  return 0
end
redis.pcall('ZREM', KEYS[2], ARGV[1])
if redis.call('ZCARD', KEYS[1]) > 0 then
  publish(ARGV[2], 'r')
end
return 1
