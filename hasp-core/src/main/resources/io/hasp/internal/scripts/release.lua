-- Hasp release: compare-and-delete by token (for servers without DELEX, and on Redis 8.4+ whenever someone may wait),
-- notifying waiters in the same step. A release nobody waits for publishes nothing.
-- KEYS[1]  the lock key
-- KEYS[2]  optional: the lock's waiter registry (client waiter id -> deadline, server ms)
-- ARGV[1]  our token
-- ARGV[2]  with KEYS[2]: the lock's notification channel
-- Reply:   1 deleted (it was ours); 0 not ours (absent, or another holder's token, or not a string)
-- A key of another type is never touched, so a retried release can never delete the next holder's lock.
if redis.replicate_commands then redis.replicate_commands() end

if redis.call('TYPE', KEYS[1])['ok'] ~= 'string' then
  return 0
end
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
if KEYS[2] and redis.call('TYPE', KEYS[2])['ok'] == 'zset' then
  local now = redis.call('TIME')
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000))
  if redis.call('ZCARD', KEYS[2]) > 0 then
    redis.call('PUBLISH', ARGV[2], 'r')
  end
end
return 1
