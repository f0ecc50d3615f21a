-- Hasp force-release: delete a lock whoever holds it, but only if the key holds a Hasp token.
-- KEYS[1]  the lock key (its fence counter is left alone, so fencing tokens keep increasing)
-- ARGV[1]  the prefix every Hasp token starts with
-- Reply:   {1, ''}    a Hasp lock was deleted
--          {0, ''}    the key was absent: nothing to do
--          {-1, type} the key holds foreign data of this type; it was left untouched
local holder, foreign = readLock(KEYS[1], ARGV[1])
if foreign then
  return {-1, foreign}
end
if not holder then
  return {0, ''}
end
redis.call('DEL', KEYS[1])
return {1, ''}
