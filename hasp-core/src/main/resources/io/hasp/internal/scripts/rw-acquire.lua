-- Hasp read-write lock acquire: one attempt to take the read or the write side, in one round trip. Many readers or
-- one writer. A waiting writer records its intent, and while a live intent exists no new reader is admitted, so a
-- steady stream of readers cannot starve a writer. Each reader is one entry with its own lease end, so a dead reader
-- blocks writers only until its lease ends. A writer's fence follows the prelude's fencing rule; a reader's fence is
-- the fence of the last write (0 if none is known), the newest write it may observe.
-- Cheap by design: each key is read once with the command the decision needs (a key of another type answers it with
-- WRONGTYPE, see the prelude's read()), or, when the first thing done to a key is a write, by that write run through
-- pcall (a refused write writes nothing). Every key the attempt writes is checked before its first write. Entries
-- whose time has passed are skipped by counting only live ones (ZCOUNT from now); the next writer's grant deletes
-- dead readers, and each key expires once its last entry has, so nothing is pruned on the hot path. The readers and
-- intents keys live at least as long as their latest entry (the prelude's outliveEntry).
-- KEYS[1]  the writer key (a string holding the writer's token)
-- KEYS[2]  readers: sorted set token -> lease end (server ms)
-- KEYS[3]  the fence counter (the last writer's fence)
-- KEYS[4]  intents: sorted set '<client waiter id> <writer token>' -> deadline (server ms); a waiting writer refreshes
--          it with every attempt, so a release can wake the waiting writer's client alone
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
-- ARGV[10..] reading only: more readers of our client to admit with us, all or none, as pairs of token and lease
--          time, ms (each its own entry and lease)
-- Reply:   {1, fence}   granted
--          {0, hint}    refused; hint is the ms until the blocking lease ends (-1: unknown)
--          {-k, type}   KEYS[k] holds foreign data of this type; nothing was written
local writerKey, readers, fenceKey, intents, registry = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local token, leaseMillis, writing = ARGV[1], tonumber(ARGV[2]), ARGV[3] == 'w'
local waiter, window, keep = ARGV[7], tonumber(ARGV[8]), ARGV[9] == '1'
if waiter == '' then waiter = nil end
local intent = (waiter and (waiter .. ' ') or '') .. token

-- What the attempt does to the registry: refused, it registers (if asked); granted, it settles as the prelude says.
-- Returns the type of foreign data at the registry if it would be touched, checked before any write, else nil.
local function registryForeign(granted)
  if not waiter or (granted and keep and window == 0) or (not granted and window == 0) then
    return nil
  end
  local _, other = readSortedSet(registry)
  return other
end

local function refused(hint)
  local foreign = registryForeign(false)
  if foreign then
    return {-5, foreign}
  end
  if writing and tonumber(ARGV[6]) > 0 then
    local added = redis.pcall('ZADD', intents, nowMillis() + tonumber(ARGV[6]), intent)
    foreign = wrongType(added, intents)
    if foreign then
      return {-4, foreign}
    end
    outliveEntry(intents, tonumber(ARGV[6]))
  end
  if waiter and window > 0 then
    registerWaiter(registry, waiter, window)
  end
  return {0, hint}
end

local writer, foreign = readLock(writerKey, ARGV[4])
if foreign then
  return {-1, foreign}
end
if writer then
  return refused(redis.call('PTTL', writerKey))
end

local liveFrom = '(' .. nowMillis()
local deadReaders = false
if writing then
  local entries, other = read('ZCARD', readers)
  if other then
    return {-2, other}
  end
  if entries > 0 then
    if redis.call('ZCOUNT', readers, liveFrom, '+inf') > 0 then
      local latest = redis.call('ZRANGE', readers, -1, -1, 'WITHSCORES')[2]
      return refused(tonumber(latest) - nowMillis())
    end
    deadReaders = true
  end
else
  local waiting = redis.pcall('ZCOUNT', intents, liveFrom, '+inf')
  local other = wrongType(waiting, intents)
  if other then
    return {-4, other}
  end
  if waiting > 0 then
    return refused(-1)
  end
end

local last
last, foreign = readFence(fenceKey)
if foreign then
  return {-3, foreign}
end
foreign = registryForeign(true)
if foreign then
  return {-5, foreign}
end

if writing then
  foreign = wrongType(redis.pcall('ZREM', intents, intent), intents)
  if foreign then
    return {-4, foreign}
  end
  if deadReaders then
    redis.call('DEL', readers)
  end
  if waiter then
    settleWaiter(registry, waiter, window, keep)
  end
  local fence = nextFence(last)
  writeFence(fenceKey, fence, ARGV[5])
  redis.call('SET', writerKey, token, 'PX', leaseMillis)
  return {1, fence}
end
local entries, longest = {nowMillis() + leaseMillis, token}, leaseMillis
for i = 10, #ARGV - 1, 2 do
  local ms = tonumber(ARGV[i + 1])
  entries[#entries + 1] = nowMillis() + ms
  entries[#entries + 1] = ARGV[i]
  longest = math.max(longest, ms)
end
foreign = wrongType(redis.pcall('ZADD', readers, unpack(entries)), readers)
if foreign then
  return {-2, foreign}
end
outliveEntry(readers, longest)
if waiter then
  settleWaiter(registry, waiter, window, keep)
end
return {1, last}
