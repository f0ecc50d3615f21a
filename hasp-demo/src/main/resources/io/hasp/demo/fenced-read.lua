-- Demo store: read the counter for a lock holder, and from now on refuse every holder with an older fencing token.
-- KEYS[1]  the counter
-- KEYS[2]  the newest fencing token the store has seen (a side key of the counter, same hash slot)
-- ARGV[1]  the reader's fencing token
-- Reply:   {1, value}   read; value is '0' when the counter does not exist yet
--          {0, newest}  refused: a holder with a newer token has already been here
-- Recording the token at the read, not only at the write, closes the gap where an expired holder's late write lands
-- between a newer holder's read and write (the newer holder would then overwrite it: a silent lost update).
local newest = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) < newest then
  return {0, string.format('%.0f', newest)}
end
redis.call('SET', KEYS[2], ARGV[1])
return {1, redis.call('GET', KEYS[1]) or '0'}
