-- Hasp extend: compare-and-pexpire by token, for servers without SET ... IFEQ (before Redis 8.4).
-- KEYS[1]  the lock key
-- ARGV[1]  our token
-- ARGV[2]  new lease time, ms
-- Reply:   1 extended (it was ours); 0 not ours (absent, another holder's token, or not a string)
if redis.call('TYPE', KEYS[1])['ok'] ~= 'string' then
  return 0
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
