-- Hasp semaphore inspect: read one semaphore's state atomically, for operators. Writes nothing. Holders whose lease
-- has ended are left out (the next acquire prunes them); foreign data is judged as semaphore-acquire.lua judges it
-- (a sorted set is foreign if any member is one Hasp did not write, see the prelude's readEntries).
-- KEYS[1]  holders: sorted set token -> lease end (server ms)
-- KEYS[2]  counts: sorted set token -> permits held, for leases of more than one permit (one without an entry)
-- KEYS[3]  permits: the stored permit count
-- KEYS[4]  the fence counter
-- KEYS[5]  queue: sorted set call id -> arrival
-- KEYS[6]  live: sorted set call id -> deadline (server ms)
-- KEYS[7]  the waiter registry
-- ARGV[1]  the prefix every Hasp token starts with
-- ARGV[2]  how many token characters (after the prefix) to return: never the whole token
-- Reply:   {anyKey (1/0), foreign (1/0), permits or '', fence or '', queued calls still alive,
--           {prefix, permits, ms left, prefix, permits, ms left, ...}}
local anyKey, anyForeign = 0, 0
for k, isHasp in pairs({[1] = isToken, [2] = isToken, [5] = isCall, [6] = isCall, [7] = isWaiter}) do
  local entries, foreign = readEntries(KEYS[k], isHasp)
  if foreign then
    anyForeign = 1
  elseif #entries > 0 then
    anyKey = 1
  end
end
local permits, foreign = read('GET', KEYS[3])
if foreign or (permits and not string.find(permits, '^%d+$')) then
  anyForeign, permits = 1, nil
end
local fence, fenceForeign = readFence(KEYS[4])
local fenceText = ''
if fenceForeign then
  anyForeign = 1
elseif redis.call('EXISTS', KEYS[4]) == 1 then
  fenceText = string.format('%.0f', fence)
end
if permits or fenceText ~= '' then
  anyKey = 1
end

local now = nowMillis()
local holders = {}
local queued = 0
if anyForeign == 0 then
  local entries = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'WITHSCORES')
  for i = 1, #entries, 2 do
    local token = entries[i]
    holders[#holders + 1] = string.sub(token, #ARGV[1] + 1, #ARGV[1] + tonumber(ARGV[2]))
    holders[#holders + 1] = tonumber(redis.call('ZSCORE', KEYS[2], token) or '1')
    holders[#holders + 1] = tonumber(entries[i + 1]) - now
  end
  queued = #redis.call('ZRANGEBYSCORE', KEYS[6], '(' .. now, '+inf')
end
return {anyKey, anyForeign, permits or '', fenceText, queued, holders}
