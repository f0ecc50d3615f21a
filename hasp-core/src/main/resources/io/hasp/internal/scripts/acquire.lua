-- Hasp acquire: take the lock if it is free, in one round trip, and issue its fencing token. A waiting caller also
-- registers its client in the lock's waiter registry in the same step, so the release that frees the lock knows to
-- notify it (subscribe first, then this attempt, then wait: no wake-up can fall between the check and the wait).
-- A client registers once per wait and refreshes the entry now and then; its other attempts leave it alone.
-- KEYS[1]  the lock key (a string holding the holder's token)
-- KEYS[2]  the fence counter key of the same lock (same hash slot)
-- KEYS[3]  optional: the waiter registry of the same lock (a sorted set: client waiter id -> deadline, server ms)
-- ARGV[1]  our token
-- ARGV[2]  lease time, ms
-- ARGV[3]  the prefix every Hasp token starts with (to tell our values from foreign data)
-- ARGV[4]  how long the fence counter outlives the last acquire, ms
-- ARGV[5]  optional: our client's waiter id, to register while the lock is held ('' or absent: register nothing)
-- ARGV[6]  with ARGV[5]: the heartbeat window, ms, to add or refresh the entry with (an entry not refreshed within
--          it belongs to a dead waiter); '0': the entry is known to be in place, leave it as it is
-- ARGV[7]  with ARGV[5]: '1' if our client keeps waiting after this attempt succeeds (other local waiters), else '0'
-- ARGV[8]  optional: a proposed floor for the fence, µs (Redlock proposes one to every node so they agree on it)
-- ARGV[9]  with ARGV[8]: how far the proposal may run ahead of this server's clock, µs (it is capped there)
-- Reply:   {1, fence, waiters}  acquired; fence is the new fencing token; waiters is 1 if the registry holds live
--                               entries (the release must then notify), else 0
--          {0, pttl}            held by another Hasp token; pttl is its remaining time, ms (-1: no expiry)
--          {-1, type}           KEYS[1] holds foreign data of this type; nothing was written
--          {-2, type}           KEYS[2] holds foreign data of this type; nothing was written
--          {-3, type}           KEYS[3] holds foreign data of this type; nothing was written
--          (A free lock is taken first and the side keys are read after; if one of them is foreign, the lock key
--          just set is deleted again in the same script, so nothing written remains.)
--
-- The fence is max(counter + 1, server time in microseconds). The time floor keeps tokens increasing when the counter
-- key is evicted, expires or is lost in a restart without persistence, as long as the server clock does not step
-- back by more than the counter's lifetime. Effects replication (the default since Redis 5) makes TIME legal here.
--
-- Cost: SET NX first, since it never overwrites anything (an existing key of any type makes it fail); only a failed
-- SET looks at what holds the key. A free lock with no waiters costs SET, GET, ZCARD, TIME, SET; a held one, for a
-- waiter whose entry is in place, SET, GET, PTTL.
if redis.replicate_commands then redis.replicate_commands() end

local lockKey, fenceKey, registry = KEYS[1], KEYS[2], KEYS[3]
local waiter = ARGV[5]
if waiter == '' then waiter = nil end

-- The type of the value at key if reply is a WRONGTYPE error, else nil. Any other error is raised as itself.
local function wrongType(reply, key)
  if type(reply) ~= 'table' or not reply.err then
    return nil
  end
  if not string.find(reply.err, 'WRONGTYPE', 1, true) then
    error(reply.err)
  end
  return redis.call('TYPE', key)['ok']
end

local clock
local function nowMs()
  clock = clock or redis.call('TIME')
  return tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
end

-- Adds or refreshes our registry entry; returns the registry's type if it holds foreign data (nothing written).
local function register()
  local window = tonumber(ARGV[6])
  local added = redis.pcall('ZADD', registry, nowMs() + window, waiter)
  local foreign = wrongType(added, registry)
  if foreign then
    return foreign
  end
  if redis.call('PTTL', registry) < window then
    redis.call('PEXPIRE', registry, window)
  end
  return nil
end

if not redis.call('SET', lockKey, ARGV[1], 'NX', 'PX', ARGV[2]) then
  local holder = redis.pcall('GET', lockKey)
  local foreign = wrongType(holder, lockKey)
  if foreign then
    return {-1, foreign}
  end
  if holder and string.sub(holder, 1, #ARGV[3]) ~= ARGV[3] then
    return {-1, 'string'}
  end
  if waiter and tonumber(ARGV[6]) > 0 then
    foreign = register()
    if foreign then
      return {-3, foreign}
    end
    redis.call('ZREMRANGEBYSCORE', registry, '-inf', nowMs())
  end
  return {0, redis.call('PTTL', lockKey)}
end

-- The lock is ours now; any foreign side key undoes that before answering.
local last = redis.pcall('GET', fenceKey)
local foreign = wrongType(last, fenceKey)
if not foreign and last then
  last = tonumber(last)
  if last == nil then
    foreign = 'string'
  end
end
if foreign then
  redis.call('DEL', lockKey)
  return {-2, foreign}
end
local entries = 0
if registry then
  entries = redis.pcall('ZCARD', registry)
  foreign = wrongType(entries, registry)
  if foreign then
    redis.call('DEL', lockKey)
    return {-3, foreign}
  end
end

nowMs()
local micros = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local fence = math.max((last or 0) + 1, micros)
if ARGV[8] then
  fence = math.max(fence, math.min(tonumber(ARGV[8]), micros + tonumber(ARGV[9])))
end
redis.call('SET', fenceKey, string.format('%.0f', fence), 'PX', ARGV[4])

local waiters = 0
if waiter and ARGV[7] == '1' then
  if tonumber(ARGV[6]) > 0 then
    register()
  end
  waiters = 1
elseif entries > 0 then
  redis.call('ZREMRANGEBYSCORE', registry, '-inf', nowMs())
  if waiter then
    redis.call('ZREM', registry, waiter)
  end
  if redis.call('ZCARD', registry) > 0 then
    waiters = 1
  end
end
return {1, fence, waiters}
