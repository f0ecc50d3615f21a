-- Hasp semaphore acquire: take n permits if the semaphore has them free and nobody queued earlier waits, in one round
-- trip, and issue the grant's fencing token. Each holder is one entry per token with its own expiry, so the permits of
-- a holder that died come back when its lease ends; expired holders are pruned by every run. Fairness is first come,
-- first served: a waiting call joins the queue when refused, and while an earlier live call is queued every other
-- request is refused, whatever it asks, so a call for many permits is never overtaken by a stream of small ones.
-- A waiting call also registers its client in the waiter registry, as the lock's acquire does, so releases wake it.
-- A waiting call's queue entry is '<client waiter id> <call id>', so a release can wake the client of the queue's head
-- by name (see semaphore-release.lua). Each key is read at most once, and only when the run needs it (a WRONGTYPE error
-- shows foreign data; a key the run would write is always read first), and written only where something changes. A
-- sorted set is read whole, and one holding a member Hasp did not write is foreign data too (the prelude's
-- readEntries). A lease of one permit has no entry in the counts key (it holds one permit by default). An uncontended
-- grant of one permit makes 8 calls: ZRANGE holders, ZRANGE queue, ZRANGE registry, MGET fence and permits, TIME, SET
-- fence, ZADD holders, PEXPIRE holders.
-- KEYS[1]  holders: sorted set token -> lease end (server ms)
-- KEYS[2]  the fence counter
-- KEYS[3]  permits: the semaphore's permit count (a string of digits; absent until the first grant)
-- KEYS[4]  counts: sorted set token -> permits held, for leases of more than one permit
-- KEYS[5]  queue: sorted set queue entry -> arrival (server µs)
-- KEYS[6]  live: sorted set queue entry -> deadline (server ms); a queued call not refreshed by then has gone
-- KEYS[7]  the waiter registry (client waiter id -> deadline, server ms)
-- ARGV[1]  our token
-- ARGV[2]  lease time, ms
-- ARGV[3]  permits asked for
-- ARGV[4]  the permit count to start with when KEYS[3] is absent
-- ARGV[5]  how long the fence counter outlives the last grant, ms
-- ARGV[6]  our entry in the queue ('' for a single attempt, which never queues)
-- ARGV[7]  with ARGV[6]: how long a queued call stays without a refresh, ms
-- ARGV[8]  our client's waiter id ('' none)
-- ARGV[9]  with ARGV[8]: registry heartbeat window, ms ('0': the entry is in place, leave it)
-- ARGV[10] with ARGV[8]: '1' if our client keeps waiting after this attempt succeeds
-- ARGV[11] the semaphore's notification channel
-- Reply:   {1, fence}          granted
--          {0, hint}           refused; hint is the ms until the earliest holder's lease ends (-1: none)
--          {-k, type}          KEYS[k] holds foreign data of this type ('member': a sorted-set member Hasp did not
--                              write); nothing was written
--          {-100, count}       more permits asked for than the semaphore has (count); nothing was written
local holders, fenceKey, permitsKey, counts, queue, live, registry = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5],
    KEYS[6], KEYS[7]
local token, asked = ARGV[1], tonumber(ARGV[3])
local callId, waiter = ARGV[6], ARGV[8]
if callId == '' then callId = nil end
if waiter == '' then waiter = nil end
local now = nowMillis()

-- Read and check every key the run needs before any write: each sorted set is read whole (readEntries), so a member
-- Hasp did not write is found before the run prunes, adds to or expires that set.
local holderList, foreign = readEntries(holders, isToken)
if foreign then return {-1, foreign} end
-- Holders whose lease ended give their permits back.
local goneHolders, alive, liveHolders, latest, earliest = {}, {}, 0, 0, nil
for i = 1, #holderList, 2 do
  local ends = tonumber(holderList[i + 1])
  if ends <= now then
    goneHolders[#goneHolders + 1] = holderList[i]
  else
    alive[holderList[i]] = true
    liveHolders = liveHolders + 1
    latest = math.max(latest, ends)
    earliest = earliest and math.min(earliest, ends) or ends
  end
end
-- Each live holder holds one permit, or its entry in counts; counts is read only when it matters or will be written.
local used = liveHolders
if liveHolders > 0 or #goneHolders > 0 or asked > 1 then
  local countList
  countList, foreign = readEntries(counts, isToken)
  if foreign then return {-4, foreign} end
  for i = 1, #countList, 2 do
    if alive[countList[i]] then
      used = used + tonumber(countList[i + 1]) - 1
    end
  end
end
-- The head of the queue once the calls that stopped refreshing are gone, and whether anyone else is queued. The live
-- key is read only when someone is queued (or below, if we queue).
local queued
queued, foreign = readEntries(queue, isCall)
if foreign then return {-5, foreign} end
local goneCalls, liveRead = {}, false
if #queued > 0 then
  local deadlines
  deadlines, foreign = readEntries(live, isCall)
  if foreign then return {-6, foreign} end
  liveRead = true
  for i = 1, #deadlines, 2 do
    if tonumber(deadlines[i + 1]) <= now then
      goneCalls[#goneCalls + 1] = deadlines[i]
    end
  end
end
local goneCall = {}
for _, gone in ipairs(goneCalls) do
  goneCall[gone] = true
end
local head, othersQueued = nil, false
for i = 1, #queued, 2 do
  local entry = queued[i]
  if not goneCall[entry] then
    head = head or entry
    othersQueued = othersQueued or entry ~= callId
  end
end
local ourTurn = head == nil or (callId ~= nil and head == callId)
local ourEntry
if waiter then
  local registered
  registered, foreign = readEntries(registry, isWaiter)
  if foreign then return {-7, foreign} end
  for i = 1, #registered, 2 do
    ourEntry = ourEntry or registered[i] == waiter
  end
end
-- MGET answers nil for a key of another type: TYPE tells it from an absent key (the fence counter is absent only
-- after it expired; the permit count until the first grant).
local values = redis.call('MGET', fenceKey, permitsKey)
local function checkedString(k, value)
  if value then
    return value, nil
  end
  local kind = redis.call('TYPE', KEYS[k])['ok']
  if kind ~= 'none' then
    return nil, kind
  end
  return nil, nil
end
local fenceText, stored
fenceText, foreign = checkedString(2, values[1])
if foreign or (fenceText and not fenceNumber(fenceText)) then
  return {-2, foreign or 'string'}
end
stored, foreign = checkedString(3, values[2])
if foreign or (stored and not string.find(stored, '^%d+$')) then
  return {-3, foreign or 'string'}
end
local last = tonumber(fenceText) or 0
local permits = tonumber(stored) or tonumber(ARGV[4])
if asked > permits then
  return {-100, permits}
end
local granted = ourTurn and used + asked <= permits
if not granted and callId and not liveRead then
  local _, liveForeign = readEntries(live, isCall)
  if liveForeign then return {-6, liveForeign} end
end

removeFromBoth(holders, counts, goneHolders)
-- Queued calls that stopped refreshing leave the queue.
removeFromBoth(queue, live, goneCalls)

if not granted then
  if callId then
    joinQueue(queue, live, callId, tonumber(ARGV[7]))
  end
  if waiter and tonumber(ARGV[9]) > 0 then
    registerWaiter(registry, waiter, tonumber(ARGV[9]))
  end
  return {0, earliest and (earliest - now) or -1}
end

local fence = nextFence(last)
if callId and head == callId then
  removeFromBoth(queue, live, {callId})
end
if waiter and (ourEntry or ARGV[10] == '1') then
  settleWaiter(registry, waiter, tonumber(ARGV[9]), ARGV[10] == '1')
end
writeFence(fenceKey, fence, ARGV[5])
if not stored then
  redis.call('SET', permitsKey, permits)
end
addHolder(holders, counts, token, asked, now + tonumber(ARGV[2]), latest, now)
-- Permits are left and someone queued behind us: wake the client of the next in line, it may fit now.
if used + asked < permits and othersQueued then
  wakeQueueHead(queue, registry, ARGV[11])
end
return {1, fence}
