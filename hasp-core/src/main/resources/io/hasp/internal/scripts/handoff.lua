-- Hasp local hand-off: the holder passes the lock straight to the next waiter of its own client, in one round trip,
-- instead of releasing it and letting that waiter ask again. Nothing is published: waiters of other clients keep
-- waiting, and their registry entries stay.
-- KEYS[1]  the lock key
-- KEYS[2]  the fence counter key of the same lock
-- ARGV[1]  the holder's token
-- ARGV[2]  the next holder's token
-- ARGV[3]  the next holder's lease time, ms
-- ARGV[4]  how long the fence counter outlives the last acquire, ms
-- Reply:   {1, fence}   handed over; fence is the next holder's fencing token (issued exactly as acquire.lua does)
--          {0}          not ours (absent, another holder's token, or not a string); nothing was written
--          {-2, type}   the fence key holds foreign data; nothing was written (the caller releases normally)
if redis.replicate_commands then redis.replicate_commands() end

if redis.call('TYPE', KEYS[1])['ok'] ~= 'string' then
  return {0}
end
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return {0}
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
local micros = tonumber(now[1]) * 1000000 + tonumber(now[2])
local fence = math.max(last + 1, micros)
redis.call('SET', KEYS[2], string.format('%.0f', fence), 'PX', ARGV[4])
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return {1, fence}
