-- Hasp read-write lock acquire: one attempt to take the read or the write side, in one round trip. Many readers or
-- one writer. A waiting writer records its intent, and while a live intent exists no new reader is admitted, so a
-- steady stream of readers cannot starve a writer. Each reader is one entry with its own lease end, so a dead reader
-- blocks writers only until its lease ends. A writer's fence follows the prelude's fencing rule; a reader's fence is
-- the fence of the last write (0 if none is known), the newest write it may observe.
-- Cheap by design: each key is read once with the command the decision needs (a key of another type answers it with
-- WRONGTYPE, see the prelude's read()), and every key the attempt writes is checked before its first write. A sorted
-- set the attempt decides on or writes is read whole, and one holding a member Hasp did not write is foreign data too
-- (the prelude's readEntries). Entries whose time has passed are skipped by counting only live ones; the next
-- writer's grant deletes dead readers, and each key expires once its last entry has, so nothing is pruned on the hot
-- path. The readers and intents keys live at least as long as their latest entry (the prelude's outliveEntry).
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
--          {-k, type}   KEYS[k] holds foreign data of this type ('member': a sorted-set member Hasp did not write);
--                       nothing was written
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
  local _, other = readEntries(registry, isWaiter)
  return other
end

local function refused(hint)
  local foreign = registryForeign(false)
  if foreign then
    return {-5, foreign}
  end
  if writing and tonumber(ARGV[6]) > 0 then
    local _, other = readEntries(intents, isCall)
    if other then
      return {-4, other}
    end
    redis.call('ZADD', intents, nowMillis() + tonumber(ARGV[6]), intent)
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

-- How many entries of a sorted set (a readEntries reply) end after now, and the latest end among them.
local function live(entries)
  local count, latest = 0, 0
  for i = 2, #entries, 2 do
    local ends = tonumber(entries[i])
    if ends > nowMillis() then
      count, latest = count + 1, math.max(latest, ends)
    end
  end
  return count, latest
end

local readerEntries, ourIntent = nil, false
readerEntries, foreign = readEntries(readers, isToken)
if foreign then
  return {-2, foreign}
end
if writing then
  local count, latest = live(readerEntries)
  if count > 0 then
    return refused(latest - nowMillis())
  end
  -- Read by a single attempt too, which has no intent to remove: foreign data there refuses every writer, as it
  -- refuses every reader.
  local waiting, other = readEntries(intents, isCall)
  if other then
    return {-4, other}
  end
  for i = 1, #waiting, 2 do
    ourIntent = ourIntent or waiting[i] == intent
  end
else
  local waiting, other = readEntries(intents, isCall)
  if other then
    return {-4, other}
  end
  if live(waiting) > 0 then
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
  if ourIntent then
    redis.call('ZREM', intents, intent)
  end
  if #readerEntries > 0 then
    redis.call('DEL', readers) -- every entry is a Hasp reader whose lease ended
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
redis.call('ZADD', readers, unpack(entries))
outliveEntry(readers, longest)
if waiter then
  settleWaiter(registry, waiter, window, keep)
end
return {1, last}
