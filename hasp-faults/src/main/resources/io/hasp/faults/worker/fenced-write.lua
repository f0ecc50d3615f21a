-- Fault suite resource: a write of the shared counter, fenced. Applied only if the writer's token is larger than the
-- token of the last applied write and not older than the largest token served (see fenced-read.lua).
-- KEYS[1]  the resource hash (fields as in fenced-read.lua)
-- ARGV[1]  the writer's fencing token (decimal)
-- ARGV[2]  the new counter value
-- ARGV[3]  the write's id (process/thread/token): a client library that resends a command after a reconnect gets
--          the same answer again instead of a false "rejected"
-- ARGV[4]  '1' to enforce the fence, '0' to skip it (the deliberately broken no-fence workload)
-- Reply:   {1, seq, seconds, microseconds, applied}     applied (or this very write was applied before)
--          {0, seq, seconds, microseconds, applied}     rejected: an older token; applied is the last applied token
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local now = redis.call('TIME')
local applied = redis.call('HGET', KEYS[1], 'applied') or '0'
if redis.call('HGET', KEYS[1], 'writer') == ARGV[3] then
  return {1, seq, tonumber(now[1]), tonumber(now[2]), applied}
end
local seen = redis.call('HGET', KEYS[1], 'seen') or '0'
local token = tonumber(ARGV[1])
if ARGV[4] == '1' and (token < tonumber(seen) or token <= tonumber(applied)) then
  return {0, seq, tonumber(now[1]), tonumber(now[2]), applied}
end
redis.call('HSET', KEYS[1], 'value', ARGV[2], 'applied', ARGV[1], 'writer', ARGV[3])
if token > tonumber(seen) then
  redis.call('HSET', KEYS[1], 'seen', ARGV[1])
end
return {1, seq, tonumber(now[1]), tonumber(now[2]), ARGV[1]}
