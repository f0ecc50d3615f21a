-- Fault suite resource: a read of the shared counter, fenced. The resource remembers the largest token it has served
-- (read or write) and refuses any older one, so once a newer holder has read, an older holder can neither read nor
-- write: its critical section is over as far as the data is concerned, whatever its lease believes.
-- KEYS[1]  the resource hash: value, applied (token of the last applied write), seen (largest token served),
--          writer (id of the last applied write), seq (operation counter)
-- ARGV[1]  the reader's fencing token (decimal)
-- ARGV[2]  '1' to enforce the fence, '0' to skip it (the deliberately broken no-fence workload)
-- Reply:   {1, value, seq, seconds, microseconds}       served
--          {0, seen, seq, seconds, microseconds}        rejected: a larger token was already served
-- seq numbers every read and write in the order Redis ran them; the checker orders critical sections by it.
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local now = redis.call('TIME')
local seen = redis.call('HGET', KEYS[1], 'seen') or '0'
if ARGV[2] == '1' and tonumber(ARGV[1]) < tonumber(seen) then
  return {0, seen, seq, tonumber(now[1]), tonumber(now[2])}
end
if tonumber(ARGV[1]) > tonumber(seen) then
  redis.call('HSET', KEYS[1], 'seen', ARGV[1])
end
local value = redis.call('HGET', KEYS[1], 'value') or '0'
return {1, value, seq, tonumber(now[1]), tonumber(now[2])}
