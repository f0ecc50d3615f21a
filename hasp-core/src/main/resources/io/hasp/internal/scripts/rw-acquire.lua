-- Hasp read-write lock acquire: one attempt to take the read or the write side, in one round trip. Many readers or
-- one writer. A waiting writer records its intent, and while a live intent exists no new reader is admitted, so a
-- steady stream of readers cannot starve a writer. Each reader is one entry with its own lease end, so a dead reader
-- blocks writers only until its lease ends. A writer's fence follows the prelude's fencing rule; a reader's fence is
-- the fence of the last write (0 if none is known), the newest write it may observe.
-- KEYS[1]  the writer key (a string holding the writer's token)
-- KEYS[2]  readers: sorted set token -> lease end (server ms)
-- KEYS[3]  the fence counter (the last writer's fence)
-- KEYS[4]  intents: sorted set writer token -> deadline (server ms); a waiting writer refreshes it with every attempt
-- KEYS[5]  the waiter registry (client waiter id -> deadline, server ms)
-- ARGV[1]  our token
-- ARGV[2]  lease time, ms
-- ARGV[3]  'r' to read, 'w' to write
-- ARGV[4]  the prefix every Hasp token starts with
-- ARGV[5]  how long the fence counter outlives the last write, ms
-- ARGV[6]  a writer's intent window, ms ('0': a single attempt, which records no intent)
-- ARGV[7]  our client's waiter id ('' none)
-- ARGV[8]  with ARGV[7]: registry heartbeat window, ms ('0': the entry is in place, leave it)
-- ARGV[9]  with ARGV[7]: '1' if our client keeps waiting after this attempt succeeds
-- Reply:   {1, fence}   granted
--          {0, hint}    refused; hint is the ms until the blocking lease ends (-1: unknown)
--          {-k, type}   KEYS[k] holds foreign data of this type; nothing was written
local writerKey, readers, fenceKey, intents, registry = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local token, writing = ARGV[1], ARGV[3] == 'w'
local waiter = ARGV[7]
if waiter == '' then waiter = nil end

local writer, foreign = readLock(writerKey, ARGV[4])
if foreign then
  return {-1, foreign}
end
for _, k in ipairs({2, 4, 5}) do
  local _, other = readSortedSet(KEYS[k])
  if other then
    return {-k, other}
  end
end
local last
last, foreign = readFence(fenceKey)
if foreign then
  return {-3, foreign}
end

local now = nowMillis()
redis.call('ZREMRANGEBYSCORE', readers, '-inf', now)
redis.call('ZREMRANGEBYSCORE', intents, '-inf', now)
local readerCount = redis.call('ZCARD', readers)

local free
if writing then
  free = not writer and readerCount == 0
else
  free = not writer and redis.call('ZCARD', intents) == 0
end

if not free then
  local window = tonumber(ARGV[6])
  if writing and window > 0 then
    redis.call('ZADD', intents, now + window, token)
    if redis.call('PTTL', intents) < window then
      redis.call('PEXPIRE', intents, window)
    end
  end
  if waiter and tonumber(ARGV[8]) > 0 then
    registerWaiter(registry, waiter, tonumber(ARGV[8]))
  end
  if writer then
    return {0, redis.call('PTTL', writerKey)}
  end
  local latest = redis.call('ZRANGE', readers, -1, -1, 'WITHSCORES')[2]
  return {0, latest and (tonumber(latest) - now) or -1}
end

if waiter then
  settleWaiter(registry, waiter, tonumber(ARGV[8]), ARGV[9] == '1')
end
if writing then
  local fence = nextFence(last)
  redis.call('ZREM', intents, token)
  writeFence(fenceKey, fence, ARGV[5])
  redis.call('SET', writerKey, token, 'PX', ARGV[2])
  return {1, fence}
end
redis.call('ZADD', readers, now + tonumber(ARGV[2]), token)
local latest = tonumber(redis.call('ZRANGE', readers, -1, -1, 'WITHSCORES')[2])
redis.call('PEXPIRE', readers, math.max(1, latest - now))
return {1, last}
