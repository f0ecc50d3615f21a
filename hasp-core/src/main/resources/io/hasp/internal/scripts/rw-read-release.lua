-- Hasp read-write lock, read side: release one reader by its token, waking the waiting clients if any.
-- KEYS[1]  readers: sorted set token -> lease end (server ms)
-- KEYS[2]  the waiter registry
-- ARGV[1]  our token
-- ARGV[2]  the lock's notification channel
-- Reply:   1 released (still ours); 0 not ours (ended, force-released, or foreign data at the key)
local ends = redis.pcall('ZSCORE', KEYS[1], ARGV[1])
if wrongType(ends, KEYS[1]) or not ends then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
wakeWaiters(KEYS[2], ARGV[2])
if tonumber(ends) <= nowMillis() then
  return 0
end
return 1
