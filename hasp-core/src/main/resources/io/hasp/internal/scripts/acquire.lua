-- Hasp acquire: take the lock if it is free, in one round trip, and issue its fencing token. A waiting caller also
-- registers its client in the lock's waiter registry in the same step, so the release that frees the lock knows to
-- notify it (subscribe first, then this attempt, then wait: no wake-up can fall between the check and the wait).
-- KEYS[1]  the lock key (a string holding the holder's token)
-- KEYS[2]  the fence counter key of the same lock (same hash slot)
-- KEYS[3]  optional: the waiter registry of the same lock (a sorted set: client waiter id -> deadline, server ms)
-- ARGV[1]  our token
-- ARGV[2]  lease time, ms
-- ARGV[3]  the prefix every Hasp token starts with (to tell our values from foreign data)
-- ARGV[4]  how long the fence counter outlives the last acquire, ms
-- ARGV[5]  optional: our client's waiter id, to register while the lock is held ('' or absent: register nothing)
-- ARGV[6]  with ARGV[5]: the heartbeat window, ms: an entry not refreshed within it belongs to a dead waiter
-- ARGV[7]  with ARGV[5]: '1' if our client keeps waiting after this attempt succeeds (other local waiters), else '0'
-- ARGV[8]  optional: a proposed floor for the fence, µs (Redlock proposes one to every node so they agree on it)
-- ARGV[9]  with ARGV[8]: how far the proposal may run ahead of this server's clock, µs (it is capped there)
-- Reply:   {1, fence, waiters}  acquired; fence is the new fencing token; waiters is 1 if the registry holds live
--                               entries (the release must then notify), else 0
--          {0, pttl}            held by another Hasp token; pttl is its remaining time, ms (-1: no expiry)
--          {-1, type}           KEYS[1] holds foreign data of this type; nothing was written
--          {-2, type}           KEYS[2] holds foreign data of this type; nothing was written
--          {-3, type}           KEYS[3] holds foreign data of this type; nothing was written
--
-- The fence is max(counter + 1, server time in microseconds). The time floor keeps tokens increasing when the counter
-- key is evicted, expires or is lost in a restart without persistence, as long as the server clock does not step
-- back by more than the counter's lifetime. Effects replication (the default since Redis 5) makes TIME legal here.
if redis.replicate_commands then redis.replicate_commands() end

local registry = KEYS[3]
local waiter = ARGV[5]
if waiter == '' then waiter = nil end
if registry then
  local registryType = redis.call('TYPE', registry)['ok']
  if registryType ~= 'zset' and registryType ~= 'none' then
    return {-3, registryType}
  end
end

local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)

local function register()
  local deadline = nowMs + tonumber(ARGV[6])
  redis.call('ZADD', registry, deadline, waiter)
  if redis.call('PTTL', registry) < tonumber(ARGV[6]) then
    redis.call('PEXPIRE', registry, ARGV[6])
  end
end

local lockType = redis.call('TYPE', KEYS[1])['ok']
if lockType == 'string' then
  local holder = redis.call('GET', KEYS[1])
  if string.sub(holder, 1, #ARGV[3]) ~= ARGV[3] then
    return {-1, 'string'}
  end
  if waiter then
    redis.call('ZREMRANGEBYSCORE', registry, '-inf', nowMs)
    register()
  end
  return {0, redis.call('PTTL', KEYS[1])}
elseif lockType ~= 'none' then
  return {-1, lockType}
end

local fenceType = redis.call('TYPE', KEYS[2])['ok']
local last = 0
if fenceType == 'string' then
  last = tonumber(redis.call('GET', KEYS[2]))
  if last == nil then
    return {-2, 'string'}
  end
elseif fenceType ~= 'none' then
  return {-2, fenceType}
end

local micros = tonumber(now[1]) * 1000000 + tonumber(now[2])
local fence = math.max(last + 1, micros)
if ARGV[8] then
  fence = math.max(fence, math.min(tonumber(ARGV[8]), micros + tonumber(ARGV[9])))
end
redis.call('SET', KEYS[2], string.format('%.0f', fence), 'PX', ARGV[4])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])

local waiters = 0
if registry and redis.call('EXISTS', registry) == 1 then
  redis.call('ZREMRANGEBYSCORE', registry, '-inf', nowMs)
  if waiter then
    if ARGV[7] == '1' then
      register()
    else
      redis.call('ZREM', registry, waiter)
    end
  end
  if redis.call('ZCARD', registry) > 0 then
    waiters = 1
  end
elseif waiter and ARGV[7] == '1' then
  register()
  waiters = 1
end
return {1, fence, waiters}
