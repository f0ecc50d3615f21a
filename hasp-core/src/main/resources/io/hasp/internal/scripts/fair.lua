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
-- KEYS[5]  a release only: the plain lock's waiter registry (to wake plain waiters when no fair waiter takes the
--          lock). Its presence is what makes the run a release (the operation is not sent as an argument, see
--          below).
-- attempt: ARGV[1] our token; ARGV[2] our full lease, ms; ARGV[3] how long the fence counter outlives the grant, ms;
--          ARGV[4] heartbeat window, ms, and ARGV[5] our queue member (both absent: try once, do not queue)
--   Reply: fence                         we took the free lock (nobody live ahead of us) with our full lease (bare:
--                                        the common reply costs no table on the server nor the client; an integer,
--                                        or from the common case its decimal digits)
--          {2, fence, pttl, now us}      the lock was already handed to us (we may have missed the message)
--          {0, pttl, position, now us}   held, or granted to a waiter ahead of us; we are queued at 0-based
--                                        position (-1 when not queued)
--          {-1, type} / {-2, type} / {-3, type, key}  foreign data in KEYS[1] / KEYS[2] / that key of
--                                        KEYS[3..4]; nothing written
-- release: ARGV[1] our token; ARGV[2] our queue member (absent: the lease is not queued). Leaves the queue; if the
--          lock is ours, frees it and hands it on.
--   Reply: 1 the lock was ours; 0 it was not (expired, or never granted); or foreign data as for attempt
-- What is the same on every run is written here, not sent (every argument costs the server about a thousand
-- instructions): tokens start with 'hasp1:' (Tokens.PREFIX); the lock's notification channel is the lock key and
-- ':wake' (LockKeys.channel: a channel, not a key, so naming it here hides nothing from a cluster); a fence issued by
-- a release's hand-off keeps its counter an hour (SingleNodeBackend's least fence counter lifetime). LuaScriptTest
-- ties the three to the Java side.
-- Redis does not roll a script back when a call in it fails, so a token is written to the lock key only after every
-- call that may fail, and only a publish follows it.
-- The grant message is "g <fence> <lease end, server us> <token>", published on the waiter's grant channel; "r",
-- published on the lock's channel, wakes plain waiters.
--
-- The common case, a fair lock nobody waits for, ends before the prelude's definitions (Redis builds each of them,
-- and each local function, anew on every run): no queue, no liveness set (and for a release no plain waiter
-- registry), nothing foreign in the keys. It does exactly what the full path below does in that state, in the plain
-- lock's number of calls: an attempt SET, GET, EXISTS, TIME, SET; a release GET, EXISTS, DEL. The attempt applies the
-- prelude's fencing rule to TIME's digits as acquire.lua's common case does (the fence is the server time, stored and
-- answered as its digits, when a counter Hasp wrote sorts before it). In any other state, or at any doubt,
-- it goes on to the full path, which reads every key and reports foreign data. A string it read is handed on
-- (seenLock, seenFence), so a contended attempt does not read those keys twice.
local lockKey, fenceKey, queue, live, registry = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local token = ARGV[1]

local seenLock, seenFence
if not registry then
  -- SET NX GET takes a free lock, or answers what holds it, in one call (before Redis 7.0 it is a syntax error, and
  -- the full path does the work). Anything out of the ordinary after it (a queue, a foreign fence counter, a call
  -- refused) undoes that SET, of a key that was absent and that nobody else saw, and leaves the rest to the full path.
  local previous = redis.pcall('SET', lockKey, token, 'NX', 'PX', ARGV[2], 'GET')
  if not previous then
    local counter = redis.pcall('GET', fenceKey)
    if redis.pcall('EXISTS', queue, live) == 0 then
      local time = redis.pcall('TIME')
      local micros = time[2]
      if micros then
        if #micros < 6 then
          micros = string.sub('00000' .. micros, -6)
        end
        local now = time[1] .. micros
        if (not counter or #counter == #now and counter < now and string.find(counter, '^%d+$'))
            and redis.pcall('SET', fenceKey, now, 'PX', ARGV[3]).ok then
          return now
        end
      end
    end
    redis.call('DEL', lockKey)
    if type(counter) == 'string' then
      seenFence = counter
    end
  elseif type(previous) == 'string' then
    seenLock = previous
  end
else
  -- A key of another type answers GET with an error, never our token.
  seenLock = redis.pcall('GET', lockKey)
  if seenLock == token and redis.call('EXISTS', queue, live, registry) == 0 then
    redis.call('DEL', lockKey)
    return 1
  end
end
-- (prelude definitions)

local prefix = 'hasp1:'
local release = registry ~= nil
local member, fenceTtl -- our queue member ('' if none), and how long the fence counter outlives a grant here
if release then
  member, fenceTtl = ARGV[2] or '', '3600000'
else
  member, fenceTtl = ARGV[5] or '', ARGV[3]
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
-- The fence counter: an attempt on a lock another token holds issues no fence and never writes the counter (it only
-- queues), so, as in the plain lock, it does not read it; a foreign counter is reported to whoever issues the next
-- fence (the release that hands the lock on, or an attempt that finds the lock free).
local last
if release or holder == token or not holder then
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
  writeFence(fenceKey, fence, fenceTtl)
  return fence
end

local function leave(m)
  if m == '' then
    return
  end
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
    publish(lockKey .. ':wake', 'r')
  end
end

if release then
  leave(member)
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
  if ours then return 1 end
  return 0
end

-- attempt
local heartbeat = tonumber(ARGV[4] or '0')
if holder == token then
  leave(member)
  return {2, last, redis.call('PTTL', lockKey), nowUs}
end
if not holder then
  local waiter = dropDead()
  if not waiter or waiter == member then
    leave(member)
    local fence = issueFence()
    redis.call('SET', lockKey, token, 'PX', ARGV[2])
    return fence
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
