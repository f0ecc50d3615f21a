-- Hasp acquire: take the lock if it is free, in one round trip, and issue its fencing token.
-- KEYS[1]  the lock key (a string holding the holder's token)
-- KEYS[2]  the fence counter key of the same lock (same hash slot)
-- ARGV[1]  our token
-- ARGV[2]  lease time, ms
-- ARGV[3]  the prefix every Hasp token starts with (to tell our values from foreign data)
-- ARGV[4]  how long the fence counter outlives the last acquire, ms
-- Reply:   {1, fence}       acquired; fence is the new fencing token
--          {0, pttl}        held by another Hasp token; pttl is its remaining time, ms (-1: no expiry)
--          {-1, type}       KEYS[1] holds foreign data of this type; nothing was written
--          {-2, type}       KEYS[2] holds foreign data of this type; nothing was written
--
-- The fence is max(counter + 1, server time in microseconds). The time floor keeps tokens increasing when the counter
-- key is evicted, expires or is lost in a restart without persistence, as long as the server clock does not step
-- back by more than the counter's lifetime. Effects replication (the default since Redis 5) makes TIME legal here.
if redis.replicate_commands then redis.replicate_commands() end

local lockType = redis.call('TYPE', KEYS[1])['ok']
if lockType == 'string' then
  local holder = redis.call('GET', KEYS[1])
  if string.sub(holder, 1, #ARGV[3]) ~= ARGV[3] then
    return {-1, 'string'}
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

local now = redis.call('TIME')
local fence = math.max(last + 1, tonumber(now[1]) * 1000000 + tonumber(now[2]))
redis.call('SET', KEYS[2], string.format('%.0f', fence), 'PX', ARGV[4])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1, fence}
