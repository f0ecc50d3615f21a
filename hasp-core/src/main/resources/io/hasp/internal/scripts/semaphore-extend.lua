-- Hasp semaphore extend: sets one lease's end to its lease time from now, by its token, if it has not ended; or, with
-- a lease time of 0, only tells whether it is still held.
-- KEYS[1]  holders: sorted set token -> lease end (server ms)
-- KEYS[2]  counts: sorted set token -> permits held, for leases of more than one permit (a lease without an
--          entry holds one)
-- ARGV[1]  our token
-- ARGV[2]  new lease time, ms ('0': check only)
-- Reply:   1 held (and extended); 0 not ours (ended, force-released, or the key holds foreign data)
local ends = redis.pcall('ZSCORE', KEYS[1], ARGV[1])
if wrongType(ends, KEYS[1]) or not ends then
  return 0
end
local count = redis.pcall('ZSCORE', KEYS[2], ARGV[1])
local now = nowMillis()
if wrongType(count, KEYS[2]) or tonumber(ends) <= now then
  return 0
end
local leaseMillis = tonumber(ARGV[2])
if leaseMillis > 0 then
  redis.call('ZADD', KEYS[1], 'XX', now + leaseMillis, ARGV[1])
  local latest = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
  -- The counts key lives as long as the leases it has entries for: it moves with ours if ours has one.
  local keys = count and KEYS or {KEYS[1]}
  for _, key in ipairs(keys) do
    if redis.call('PTTL', key) < latest - now then
      redis.call('PEXPIRE', key, latest - now)
    end
  end
end
return 1
