-- Hasp inspect: read one lock's state atomically, for operators. Writes nothing.
-- KEYS[1]  the lock key
-- KEYS[2]  the fence counter key of the same lock
-- ARGV[1]  the prefix every Hasp token starts with
-- ARGV[2]  how many token characters (after the prefix) to return: never the whole token, so the reply cannot be
--          used to release or extend someone else's lease
-- Reply:   {lockType, foreign (1/0), holderPrefix or '', pttl (-2 absent, -1 no expiry), fence value or ''}
local lockType = redis.call('TYPE', KEYS[1])['ok']
local foreign = 0
local holder = ''
local pttl = -2
if lockType ~= 'none' then
  pttl = redis.call('PTTL', KEYS[1])
  if lockType == 'string' then
    local value = redis.call('GET', KEYS[1])
    if string.sub(value, 1, #ARGV[1]) == ARGV[1] then
      holder = string.sub(value, #ARGV[1] + 1, #ARGV[1] + tonumber(ARGV[2]))
    else
      foreign = 1
    end
  else
    foreign = 1
  end
end
local fence = ''
if redis.call('TYPE', KEYS[2])['ok'] == 'string' then
  fence = redis.call('GET', KEYS[2])
end
return {lockType, foreign, holder, pttl, fence}
