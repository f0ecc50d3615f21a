-- Hasp read-write lock, read side: release one reader by its token. Only the last live reader's release can let
-- anyone in (a waiting reader is blocked by a writer or a writer's intent, which a read release does not change), so
-- only that release wakes waiting clients: the waiting writer's, or all (see the prelude's wakeWriterOrAll).
-- KEYS[1]  readers: sorted set token -> lease end (server ms)
-- KEYS[2]  the waiter registry
-- KEYS[3]  intents: sorted set '<client waiter id> <writer token>' -> deadline (server ms)
-- ARGV[1]  our token
-- ARGV[2]  the lock's notification channel
-- Reply:   1 released (still ours); 0 not ours (ended, force-released, or foreign data at the key)
local ends = redis.pcall('ZSCORE', KEYS[1], ARGV[1])
if wrongType(ends, KEYS[1]) or not ends then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
local now = nowMillis()
if redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf') == 0 then
  wakeWriterOrAll(KEYS[3], KEYS[2], ARGV[2])
end
if tonumber(ends) <= now then
  return 0
end
return 1
