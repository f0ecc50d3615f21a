-- Hasp semaphore acquire: take n permits if the semaphore has them free and nobody queued earlier waits, in one round
-- trip, and issue the grant's fencing token. Each holder is one entry per token with its own expiry, so the permits of
-- a holder that died come back when its lease ends; expired holders are pruned by every run. Fairness is first come,
-- first served: a waiting call joins the queue when refused, and while an earlier live call is queued every other
-- request is refused, whatever it asks, so a call for many permits is never overtaken by a stream of small ones.
-- A waiting call also registers its client in the waiter registry, as the lock's acquire does, so releases wake it.
-- KEYS[1]  holders: sorted set token -> lease end (server ms)
-- KEYS[2]  the fence counter
-- KEYS[3]  permits: the semaphore's permit count (a string of digits; absent until the first grant)
-- KEYS[4]  counts: sorted set token -> permits held
-- KEYS[5]  queue: sorted set call id -> arrival (server µs)
-- KEYS[6]  live: sorted set call id -> deadline (server ms); a queued call not refreshed by then has gone
-- KEYS[7]  the waiter registry (client waiter id -> deadline, server ms)
-- ARGV[1]  our token
-- ARGV[2]  lease time, ms
-- ARGV[3]  permits asked for
-- ARGV[4]  the permit count to start with when KEYS[3] is absent
-- ARGV[5]  how long the fence counter outlives the last grant, ms
-- ARGV[6]  our call id in the queue ('' for a single attempt, which never queues)
-- ARGV[7]  with ARGV[6]: how long a queued call stays without a refresh, ms
-- ARGV[8]  our client's waiter id ('' none)
-- ARGV[9]  with ARGV[8]: registry heartbeat window, ms ('0': the entry is in place, leave it)
-- ARGV[10] with ARGV[8]: '1' if our client keeps waiting after this attempt succeeds
-- ARGV[11] the semaphore's notification channel
-- Reply:   {1, fence}          granted
--          {0, hint}           refused; hint is the ms until the earliest holder's lease ends (-1: none)
--          {-k, type}          KEYS[k] holds foreign data of this type; nothing was written
--          {-100, count}       more permits asked for than the semaphore has (count); nothing was written
local holders, fenceKey, permitsKey, counts, queue, live, registry = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5],
    KEYS[6], KEYS[7]
local token, asked = ARGV[1], tonumber(ARGV[3])
local callId, waiter = ARGV[6], ARGV[8]
if callId == '' then callId = nil end
if waiter == '' then waiter = nil end

-- Read and check every key before any write.
for _, k in ipairs({1, 4, 5, 6, 7}) do
  local _, foreign = readSortedSet(KEYS[k])
  if foreign then
    return {-k, foreign}
  end
end
local last, foreign = readFence(fenceKey)
if foreign then
  return {-2, foreign}
end
local stored
stored, foreign = read('GET', permitsKey)
if foreign or (stored and not string.find(stored, '^%d+$')) then
  return {-3, foreign or 'string'}
end
local permits = tonumber(stored) or tonumber(ARGV[4])
if asked > permits then
  return {-100, permits}
end

local now = nowMillis()
-- Holders whose lease ended give their permits back; queued calls that stopped refreshing leave the queue.
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', holders, '-inf', now)) do
  redis.call('ZREM', counts, gone)
end
redis.call('ZREMRANGEBYSCORE', holders, '-inf', now)
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', live, '-inf', now)) do
  redis.call('ZREM', queue, gone)
end
redis.call('ZREMRANGEBYSCORE', live, '-inf', now)

local used = 0
local held = redis.call('ZRANGE', counts, 0, -1, 'WITHSCORES')
for i = 2, #held, 2 do
  used = used + tonumber(held[i])
end
local head = redis.call('ZRANGE', queue, 0, 0)[1]
local ourTurn = head == nil or (callId ~= nil and head == callId)

-- Sets a side key's expiry to the latest holder's lease end, so the semaphore's keys vanish with its last lease.
local function expireWithHolders(key)
  local latest = redis.call('ZRANGE', holders, -1, -1, 'WITHSCORES')[2]
  if latest then
    redis.call('PEXPIRE', key, math.max(1, tonumber(latest) - now))
  end
end

if not (ourTurn and used + asked <= permits) then
  if callId then
    local window = tonumber(ARGV[7])
    redis.call('ZADD', queue, 'NX', nowMicros(), callId)
    redis.call('ZADD', live, now + window, callId)
    for _, key in ipairs({queue, live}) do
      if redis.call('PTTL', key) < window then
        redis.call('PEXPIRE', key, window)
      end
    end
  end
  if waiter and tonumber(ARGV[9]) > 0 then
    registerWaiter(registry, waiter, tonumber(ARGV[9]))
  end
  local earliest = redis.call('ZRANGE', holders, 0, 0, 'WITHSCORES')[2]
  return {0, earliest and (tonumber(earliest) - now) or -1}
end

local fence = nextFence(last)
if callId then
  redis.call('ZREM', queue, callId)
  redis.call('ZREM', live, callId)
end
if waiter then
  settleWaiter(registry, waiter, tonumber(ARGV[9]), ARGV[10] == '1')
end
writeFence(fenceKey, fence, ARGV[5])
if not stored then
  redis.call('SET', permitsKey, permits)
end
redis.call('ZADD', counts, asked, token)
redis.call('ZADD', holders, now + tonumber(ARGV[2]), token)
expireWithHolders(holders)
expireWithHolders(counts)
-- Permits are left and someone queued behind us: wake the waiting clients, the next in line may fit now.
if used + asked < permits and redis.call('ZCARD', queue) > 0 then
  publish(ARGV[11], 'r')
end
return {1, fence}
