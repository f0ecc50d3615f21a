-- Hasp release: compare-and-delete by token, for servers without DELEX (before Redis 8.4).
-- KEYS[1]  the lock key
-- ARGV[1]  our token
-- Reply:   1 deleted (it was ours); 0 not ours (absent, or another holder's token, or not a string)
-- A key of another type is never touched, so a retried release can never delete the next holder's lock.
if redis.call('TYPE', KEYS[1])['ok'] ~= 'string' then
  return 0
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
