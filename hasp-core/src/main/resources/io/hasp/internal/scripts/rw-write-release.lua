-- Hasp read-write lock, write side: compare-and-delete of the writer key by token, waking in the same step the
-- client of the oldest waiting writer if one waits (its intent keeps readers out), else every waiting client (the
-- readers of all of them may now share the lock). A release nobody waits for publishes nothing.
-- KEYS[1]  the writer key (a string holding the writer's token)
-- KEYS[2]  the waiter registry
-- KEYS[3]  intents: sorted set '<client waiter id> <writer token>' -> deadline (server ms)
-- ARGV[1]  our token
-- ARGV[2]  the lock's notification channel
-- Reply:   1 deleted (it was ours); 0 not ours (absent, another holder's token, or not a string)
-- A key of another type is never touched: GET answers it with a WRONGTYPE error, which is not our token.
local holder = redis.pcall('GET', KEYS[1])
wrongType(holder, KEYS[1])
if holder ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
wakeWriterOrAll(KEYS[3], KEYS[2], ARGV[2])
return 1
