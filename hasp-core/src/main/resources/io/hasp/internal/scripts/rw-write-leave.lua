-- Hasp read-write lock, write side: a waiting writer that gave up (timed out, cancelled, failed) takes back its intent
-- at once, so the readers it kept out need not wait for the intent to go stale, and wakes them in the same step: the
-- client of the oldest writer still waiting, or every waiting client if none is (see the prelude's wakeWriterOrAll).
-- The intent is removed by its exact member, which holds the writer's own token: never another writer's.
-- KEYS[1]  intents: sorted set '<client waiter id> <writer token>' -> deadline (server ms)
-- KEYS[2]  the waiter registry
-- ARGV[1]  our intent
-- ARGV[2]  the lock's notification channel
-- Reply:   1 if our intent was there (and is gone), else 0 (nothing written, nobody woken)
local removed = redis.pcall('ZREM', KEYS[1], ARGV[1])
if type(removed) ~= 'number' or removed == 0 then
  return 0
end
wakeWriterOrAll(KEYS[1], KEYS[2], ARGV[2])
return 1
