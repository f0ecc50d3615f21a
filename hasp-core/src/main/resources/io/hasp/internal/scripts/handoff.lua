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

local holder = redis.pcall('GET', KEYS[1])
if wrongType(holder, KEYS[1]) or holder ~= ARGV[1] then
  return {0}
end

local last = redis.pcall('GET', KEYS[2])
local foreign = wrongType(last, KEYS[2])
if foreign then
  return {-2, foreign}
end
if last then
  last = tonumber(last)
  if last == nil then
    return {-2, 'string'}
  end
end

local now = redis.call('TIME')
local micros = tonumber(now[1]) * 1000000 + tonumber(now[2])
local fence = math.max((last or 0) + 1, micros)
redis.call('SET', KEYS[2], string.format('%.0f', fence), 'PX', ARGV[4])
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return {1, fence}
