-- Hasp fair lock: a FIFO queue of waiters in the order Redis saw them, with direct hand-off. Whoever frees the lock
-- (a release, a waiter leaving, an attempt that finds it free) grants it in the same atomic step to the first live
-- waiter: the lock key is set to that waiter's token with a short hand-off lease and the grant is published, so the
-- waiter owns the lock when the message arrives, without another round trip, and tops it up to its full lease later
-- if it still holds it.
-- Waiters prove they are alive by refreshing a deadline (server time, never a client clock); an entry past its
-- deadline is dropped by the next script that looks, so a dead waiter is skipped.
--
-- KEYS[1]  the lock key (shared with the plain lock: a fair and a plain holder exclude each other)
-- KEYS[2]  the fence counter key
-- KEYS[3]  the queue: a sorted set, member "<token>|<hand-off lease ms>|<grant channel>" -> arrival number; the
--          grant channel is the waiter's client's own for this lock (in the lock's slot), so a grant reaches that
--          client only
-- KEYS[4]  the liveness set: member -> deadline, server ms
-- KEYS[5]  the plain lock's waiter registry (to wake plain waiters when no fair waiter takes the lock)
-- ARGV[1]  operation: 'attempt' or 'release'
-- ARGV[2]  our token
-- ARGV[3]  our queue member ('' if none: a release of a lease that is no longer queued)
-- ARGV[4]  the prefix every Hasp token starts with
-- ARGV[5]  how long the fence counter outlives the last grant, ms
-- ARGV[6]  the lock's notification channel
-- attempt: ARGV[7] our full lease, ms; ARGV[8] heartbeat window, ms ('0': try once, do not queue)
--   Reply: {1, fence, lease ms, now us}  we took the free lock (nobody live ahead of us) with our full lease
--          {2, fence, pttl, now us}      the lock was already handed to us (we may have missed the message)
--          {0, pttl, position, now us}   held, or granted to a waiter ahead of us; we are queued at 0-based
--                                        position (-1 when not queued)
--          {-1, type} / {-2, type} / {-3, type, key}  foreign data in KEYS[1] / KEYS[2] / that key of
--                                        KEYS[3..4]; nothing written
-- release: leaves the queue; if the lock is ours, frees it and hands it on.
--   Reply: {1} the lock was ours; {0} it was not (expired, or never granted); or foreign data as for attempt
-- Redis does not roll a script back when a call in it fails, so a token is written to the lock key only after every
-- call that may fail, and only a publish follows it.
-- The grant message is "g <fence> <lease end, server us> <token>", published on the waiter's grant channel; "r",
-- published on the lock's channel, wakes plain waiters.
local lockKey, fenceKey, queue, live, registry = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local op, token, member, prefix = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

-- Fast path, the common case of a fair lock nobody waits for: no queue, no liveness set (and for a release no plain
-- waiter registry), nothing foreign in the keys. It does exactly what the full path below does in that state, in the
-- plain lock's number of calls: an attempt MGET, EXISTS, TIME, SET, SET; a release GET, EXISTS, DEL. In any other
-- state, or at any doubt, it falls through to the full path, which reads every key and reports foreign data. A
-- string it read is handed on (seenLock, seenFence), so a contended attempt does not read those keys twice; false
-- is not, since MGET also answers false for a key of another type.
local seenLock, seenFence
if op == 'attempt' then
  -- MGET answers nil for a key of another type; EXISTS counts it, so a count above the values seen means foreign
  -- data (or a queue): the full path then finds out which.
  local values = redis.call('MGET', lockKey, fenceKey)
  seenLock, seenFence = values[1], values[2]
  local last = 0
  if values[2] then
    last = fenceNumber(values[2])
  end
  if not values[1] and last
      and redis.call('EXISTS', lockKey, fenceKey, queue, live) == (values[2] and 1 or 0) then
    local fence = nextFence(last) -- TIME, which may be refused, comes before every write
    writeFence(fenceKey, fence, ARGV[5])
    redis.call('SET', lockKey, token, 'PX', ARGV[7])
    return {1, fence, tonumber(ARGV[7]), nowMicros()}
  end
elseif op == 'release' then
  -- A key of another type answers GET with an error, never our token.
  seenLock = redis.pcall('GET', lockKey)
  if seenLock == token and redis.call('EXISTS', queue, live, registry) == 0 then
    redis.call('DEL', lockKey)
    return {1}
  end
end

local nowUs = nowMicros()
local nowMs = nowMillis()

-- Every key is read before anything is written, so foreign data is found first.
local holder, foreign -- holder: false when free
if type(seenLock) == 'string' then
  holder, foreign = lockValue(seenLock, prefix)
else
  holder, foreign = readLock(lockKey, prefix)
end
if foreign then
  return {-1, foreign}
end
local last
if type(seenFence) == 'string' then
  last = fenceNumber(seenFence)
  if not last then
    return {-2, 'string'}
  end
else
  last, foreign = readFence(fenceKey)
end
if foreign then
  return {-2, foreign}
end
local dead = redis.pcall('ZRANGEBYSCORE', live, '-inf', nowMs)
foreign = wrongType(dead, live)
if foreign then
  return {-3, foreign, live}
end
local first = redis.pcall('ZRANGE', queue, 0, 0)
foreign = wrongType(first, queue)
if foreign then
  return {-3, foreign, queue}
end
local head, headKnown = first[1], true -- the queue's first member, while headKnown

-- Issues the next fence (the prelude's rule) and stores it; the lock key is written after it.
local function issueFence()
  local fence = nextFence(last)
  last = fence
  writeFence(fenceKey, fence, ARGV[5])
  return fence
end

local function leave(m)
  redis.call('ZREM', queue, m)
  redis.call('ZREM', live, m)
  if m == head then
    headKnown = false
  end
end

-- Drops entries past their deadline; returns the first live member, or nil.
local function dropDead()
  if #dead > 0 then
    for _, m in ipairs(dead) do
      redis.call('ZREM', queue, m)
    end
    redis.call('ZREMRANGEBYSCORE', live, '-inf', nowMs)
    dead = {}
    headKnown = false
  end
  if not headKnown then
    head, headKnown = redis.call('ZRANGE', queue, 0, 0)[1], true
  end
  -- An entry without a deadline is a leftover of a failed write: treat it as dead too.
  while head and not redis.call('ZSCORE', live, head) do
    redis.call('ZREM', queue, head)
    head = redis.call('ZRANGE', queue, 0, 0)[1]
  end
  return head
end

-- Grants the free lock to the first live waiter; returns its member, or nil if nobody live waits.
local function handOff()
  local waiter = dropDead()
  if not waiter then
    return nil
  end
  local bar = string.find(waiter, '|', 1, true)
  local bar2 = string.find(waiter, '|', bar + 1, true)
  local nextToken = string.sub(waiter, 1, bar - 1)
  local leaseMs = tonumber(string.sub(waiter, bar + 1, bar2 - 1))
  leave(waiter)
  local fence = issueFence()
  redis.call('SET', lockKey, nextToken, 'PX', leaseMs)
  publish(string.sub(waiter, bar2 + 1), 'g ' .. string.format('%.0f', fence) .. ' '
      .. string.format('%.0f', nowUs + leaseMs * 1000) .. ' ' .. nextToken)
  return waiter
end

local function wakePlainWaiters()
  local pruned = redis.pcall('ZREMRANGEBYSCORE', registry, '-inf', nowMs)
  if not wrongType(pruned, registry) and redis.call('ZCARD', registry) > 0 then
    publish(ARGV[6], 'r')
  end
end

if op == 'release' then
  if member ~= '' then
    leave(member)
  end
  local ours = holder == token
  if ours or not holder then
    -- A hand-off overwrites our token; with nobody to take the lock, it is deleted.
    if not handOff() then
      if ours then
        redis.call('DEL', lockKey)
      end
      wakePlainWaiters()
    end
  end
  if ours then return {1} end
  return {0}
end

-- attempt
local heartbeat = tonumber(ARGV[8])
if holder == token then
  leave(member)
  return {2, last, redis.call('PTTL', lockKey), nowUs}
end
if not holder then
  local waiter = dropDead()
  if not waiter or waiter == member then
    leave(member)
    local fence = issueFence()
    redis.call('SET', lockKey, token, 'PX', ARGV[7])
    return {1, fence, tonumber(ARGV[7]), nowUs}
  end
  handOff()
else
  dropDead()
end
if heartbeat == 0 then
  return {0, redis.call('PTTL', lockKey), -1, nowUs}
end
if not redis.call('ZSCORE', queue, member) then
  local tail = redis.call('ZRANGE', queue, -1, -1, 'WITHSCORES')
  local arrival = 1
  if tail[2] then arrival = tonumber(tail[2]) + 1 end
  redis.call('ZADD', queue, arrival, member)
end
redis.call('ZADD', live, nowMs + heartbeat, member)
for _, key in ipairs({queue, live}) do
  if redis.call('PTTL', key) < 2 * heartbeat then
    redis.call('PEXPIRE', key, 2 * heartbeat)
  end
end
return {0, redis.call('PTTL', lockKey), redis.call('ZRANK', queue, member), nowUs}
