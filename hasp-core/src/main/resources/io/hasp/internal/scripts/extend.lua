-- Hasp extend: compare-and-pexpire by token, for servers without SET ... IFEQ (before Redis 8.4).
-- KEYS[1]  the lock key
-- ARGV[1]  our token
-- ARGV[2]  new lease time, ms
-- Reply:   1 extended (it was ours); 0 not ours (absent, another holder's token, or not a string)
-- The common case, our token, ends before the prelude's definitions (the watchdog renews every held lease).
local holder = redis.pcall('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
-- (prelude definitions)
wrongType(holder, KEYS[1]) -- a key of another type is not ours: answered 0, left untouched; another error raised
return 0
