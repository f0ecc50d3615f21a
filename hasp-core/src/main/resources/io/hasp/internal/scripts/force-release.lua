-- Hasp force-release: delete a lock whoever holds it, but only if the key holds a Hasp token.
-- KEYS[1]  the lock key (its fence counter is left alone, so fencing tokens keep increasing)
-- ARGV[1]  the prefix every Hasp token starts with
-- Reply:   {1, ''}    a Hasp lock was deleted
--          {0, ''}    the key was absent: nothing to do
--          {-1, type} the key holds foreign data of this type; it was left untouched
local keyType = redis.call('TYPE', KEYS[1])['ok']
if keyType == 'none' then
  return {0, ''}
end
if keyType ~= 'string' then
  return {-1, keyType}
end
local value = redis.call('GET', KEYS[1])
if string.sub(value, 1, #ARGV[1]) ~= ARGV[1] then
  return {-1, 'string'}
end
redis.call('DEL', KEYS[1])
return {1, ''}
