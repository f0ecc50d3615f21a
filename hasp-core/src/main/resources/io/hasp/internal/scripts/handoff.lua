-- Hasp local hand-off: the holder passes the lock straight to the next waiter of its own client, in one round trip,
-- instead of releasing it and letting that waiter ask again. Nothing is published: waiters of other clients keep
-- waiting, and their registry entries stay.
-- When the client's run of hand-offs has reached its fairness bound it also passes the registry: if another client
-- has a live entry there, the script releases instead, exactly as release.lua does (one client woken), so that
-- client gets its turn; if only our client waits, there is nobody to yield to and it hands off as usual. A registry
-- holding data Hasp did not write (see the prelude's readEntries) is left alone: nobody to yield to.
-- KEYS[1]  the lock key
-- KEYS[2]  the fence counter key of the same lock
-- KEYS[3]  optional: the lock's waiter registry (client waiter id -> deadline, server ms)
-- ARGV[1]  the holder's token
-- ARGV[2]  the next holder's token
-- ARGV[3]  the next holder's lease time, ms
-- ARGV[4]  how long the fence counter outlives the last acquire, ms
-- ARGV[5]  with KEYS[3]: our client's waiter id
-- ARGV[6]  with KEYS[3]: the lock's notification channel
-- Reply:   {1, fence}   handed over; fence is the next holder's fencing token (issued exactly as acquire.lua does)
--          {0}          not ours (absent, another holder's token, or not a string); nothing was written
--          {-2, type}   the fence key holds foreign data; nothing was written (the caller releases normally)
--          {2}          released, not handed over: another client waits (with KEYS[3] only)
-- Everything that may fail comes before the writes, and the next holder's token is written last.
local holder = redis.pcall('GET', KEYS[1])
if wrongType(holder, KEYS[1]) or holder ~= ARGV[1] then
  return {0}
end

if KEYS[3] then
  local entries = readEntries(KEYS[3], isWaiter)
  if entries then
    for i = 1, #entries, 2 do
      if entries[i] ~= ARGV[5] and tonumber(entries[i + 1]) > nowMillis() then
        redis.call('DEL', KEYS[1])
        wakeFirstLive(KEYS[3], ARGV[6], entries)
        return {2}
      end
    end
  end
end

local last, foreign = readFence(KEYS[2])
if foreign then
  return {-2, foreign}
end
local fence = nextFence(last)
writeFence(KEYS[2], fence, ARGV[4])
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return {1, fence}
