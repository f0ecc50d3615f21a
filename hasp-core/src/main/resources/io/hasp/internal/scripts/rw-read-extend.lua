-- Hasp read-write lock, read side: sets one reader's lease end to its lease time from now, by its token, if it has
-- not ended; with a lease time of 0, only tells whether it is still held.
-- KEYS[1]  readers: sorted set token -> lease end (server ms)
-- ARGV[1]  our token
-- ARGV[2]  new lease time, ms ('0': check only)
-- Reply:   1 held (and extended); 0 not ours
local ends = redis.pcall('ZSCORE', KEYS[1], ARGV[1])
if wrongType(ends, KEYS[1]) or not ends then
  return 0
end
local now = nowMillis()
if tonumber(ends) <= now then
  return 0
end
local leaseMillis = tonumber(ARGV[2])
if leaseMillis > 0 then
  redis.call('ZADD', KEYS[1], 'XX', now + leaseMillis, ARGV[1])
  outliveEntry(KEYS[1], leaseMillis)
end
return 1
