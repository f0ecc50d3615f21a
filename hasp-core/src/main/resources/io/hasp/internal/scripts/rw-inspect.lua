-- Hasp read-write lock inspect: read one read-write lock's state atomically, for operators. Writes nothing. Readers
-- and writer intents whose time has passed are left out (they go with the next writer's grant or the key's expiry);
-- foreign data is judged as rw-acquire.lua judges it (a sorted set is foreign if any member is one Hasp did not
-- write, see the prelude's readEntries).
-- KEYS[1]  the writer key (a string holding the writer's token)
-- KEYS[2]  readers: sorted set token -> lease end (server ms)
-- KEYS[3]  the fence counter (the last writer's fence)
-- KEYS[4]  intents: sorted set '<client waiter id> <writer token>' -> deadline (server ms)
-- KEYS[5]  the waiter registry
-- ARGV[1]  the prefix every Hasp token starts with
-- ARGV[2]  how many token characters (after the prefix) to return: never the whole token
-- Reply:   {anyKey (1/0), foreign (1/0), writer prefix or '', writer pttl (-2 none), fence or '',
--           writers waiting (live intents), {prefix, ms left, prefix, ms left, ...} of the live readers}
local anyKey, anyForeign = 0, 0
local writer, foreign = readLock(KEYS[1], ARGV[1])
local writerPrefix, writerTtl = '', -2
if foreign then
  anyForeign = 1
elseif writer then
  anyKey = 1
  writerPrefix = string.sub(writer, #ARGV[1] + 1, #ARGV[1] + tonumber(ARGV[2]))
  writerTtl = redis.call('PTTL', KEYS[1])
end
for k, isHasp in pairs({[2] = isToken, [4] = isCall, [5] = isWaiter}) do
  local entries, other = readEntries(KEYS[k], isHasp)
  if other then
    anyForeign = 1
  elseif #entries > 0 then
    anyKey = 1
  end
end
local fence, fenceForeign = readFence(KEYS[3])
local fenceText = ''
if fenceForeign then
  anyForeign = 1
elseif redis.call('EXISTS', KEYS[3]) == 1 then
  anyKey = 1
  fenceText = string.format('%.0f', fence)
end

local now = nowMillis()
local readers = {}
local waiting = 0
if anyForeign == 0 then
  local entries = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. now, '+inf', 'WITHSCORES')
  for i = 1, #entries, 2 do
    readers[#readers + 1] = string.sub(entries[i], #ARGV[1] + 1, #ARGV[1] + tonumber(ARGV[2]))
    readers[#readers + 1] = tonumber(entries[i + 1]) - now
  end
  waiting = #redis.call('ZRANGEBYSCORE', KEYS[4], '(' .. now, '+inf')
end
return {anyKey, anyForeign, writerPrefix, writerTtl, fenceText, waiting, readers}
