-- Hasp read-write lock downgrade: turns the writer's hold into a reader's in one step, so no writer can take the
-- lock in between; other readers may join afterwards (unless a writer waits: the downgrading holder skips the intent
-- check, being the holder). The reader's fence is the writer's own, the last write, which the caller already knows.
-- KEYS[1]  the writer key (a string holding the writer's token)
-- KEYS[2]  readers: sorted set token -> lease end (server ms)
-- KEYS[3]  the waiter registry
-- ARGV[1]  the writer's token
-- ARGV[2]  the new reader's token
-- ARGV[3]  the reader's lease time, ms
-- ARGV[4]  the prefix every Hasp token starts with
-- ARGV[5]  the lock's notification channel
-- Reply:   {1, ''}    downgraded: the writer key is gone and the reader holds
--          {0, ''}    the writer key does not hold our token (ended, force-released): nothing was written
--          {-k, type} KEYS[k] holds foreign data of this type ('member': a sorted-set member Hasp did not write);
--                     nothing was written
local writerKey, readers = KEYS[1], KEYS[2]
local writer, foreign = readLock(writerKey, ARGV[4])
if foreign then
  return {-1, foreign}
end
local _, other = readEntries(readers, isToken)
if other then
  return {-2, other}
end
if writer ~= ARGV[1] then
  return {0, ''}
end

local now = nowMillis()
redis.call('DEL', writerKey)
redis.call('ZADD', readers, now + tonumber(ARGV[3]), ARGV[2])
outliveEntry(readers, tonumber(ARGV[3]))
-- Waiting readers may join now (a waiting writer still finds a reader and keeps its intent).
wakeAll(KEYS[3], ARGV[5])
return {1, ''}
