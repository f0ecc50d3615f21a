-- Hasp semaphore local hand-off: a holder gives its permits straight to the next waiter of its own client, in one
-- round trip, instead of releasing them and letting that waiter ask again. The waiter gets a lease of its own: its
-- token, its permit count, its lease time, a new fence. Nothing is published unless the hand-off freed permits.
-- Within the client's fairness bound the hand-off may pass calls of other clients queued ahead of the waiter (the
-- client's run of hand-offs is bounded: see WaitLine). Once the bound is reached (ARGV[8] is '1') it yields instead if
-- a live call of another client is queued ahead of the waiter (anywhere in the queue if the waiter is not queued).
-- It also yields when the waiter's request does not fit (the permit count was lowered, or the waiter asks for more
-- than the holder frees and no more are free). Yielding releases exactly as semaphore-release.lua does, waking the
-- queue's head, and queues the waiter (it keeps its place if it has one), so it gets its turn among the others: a
-- client that gave up its last permit waits in the queue, where the next bound of every other client sees it.
-- KEYS[1]  holders: sorted set token -> lease end (server ms)
-- KEYS[2]  the fence counter
-- KEYS[3]  permits: the semaphore's permit count
-- KEYS[4]  counts: sorted set token -> permits held, for leases of more than one permit (one without an entry)
-- KEYS[5]  queue: sorted set '<client waiter id> <call id>' -> arrival (server µs)
-- KEYS[6]  live: sorted set queue entry -> deadline (server ms)
-- KEYS[7]  the waiter registry (client waiter id -> deadline, server ms)
-- ARGV[1]  the holder's token
-- ARGV[2]  the next holder's token
-- ARGV[3]  the next holder's lease time, ms
-- ARGV[4]  permits the next holder asks for
-- ARGV[5]  how long the fence counter outlives the last grant, ms
-- ARGV[6]  the next holder's queue entry (whether or not it is queued yet)
-- ARGV[7]  how long a queued call stays without a refresh, ms
-- ARGV[8]  '1' when the client's run of hand-offs reached its fairness bound, else '0'
-- ARGV[9]  our client's waiter id
-- ARGV[10] the semaphore's notification channel
-- ARGV[11] the permit count to assume when KEYS[3] is absent
-- Reply:   {1, fence}  handed over; fence is the next holder's fencing token (the fencing rule of every grant)
--          {0}         not ours (absent, or the holders key holds foreign data); nothing was written
--          {-1}        cannot hand off (the lease ended, or a key holds foreign data); nothing was written, the caller
--                      releases normally
--          {2}         released and the waiter queued, not handed over: another client's turn, or it does not fit
local holders, fenceKey, permitsKey, counts, queue, live, registry = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5],
    KEYS[6], KEYS[7]
local token, nextToken, asked = ARGV[1], ARGV[2], tonumber(ARGV[4])
local nextEntry, member = ARGV[6], ARGV[9]
local ends = redis.pcall('ZSCORE', holders, token)
if wrongType(ends, holders) or not ends then
  return {0}
end
local now = nowMillis()
if tonumber(ends) <= now then
  return {-1}
end

-- Read and check every key before any write; foreign data anywhere (another type, or a member Hasp did not write: see
-- the prelude's readEntries): the plain release takes over.
local holderList = readEntries(holders, isToken)
local countList = readEntries(counts, isToken)
local queuedEntries = readEntries(queue, isCall)
local deadlines = readEntries(live, isCall)
local last, fenceForeign = readFence(fenceKey)
local stored, permitsForeign = read('GET', permitsKey)
if not (holderList and countList and queuedEntries and deadlines) or fenceForeign or permitsForeign
    or (stored and not string.find(stored, '^%d+$')) then
  return {-1}
end
local permits = tonumber(stored) or tonumber(ARGV[11])

-- The permits others hold (ours and ended leases apart), and the latest lease end among the others.
local expired, goneHolders, latest = {}, {}, 0
for i = 1, #holderList, 2 do
  local holderEnds = tonumber(holderList[i + 1])
  if holderEnds <= now then
    expired[holderList[i]] = true
    goneHolders[#goneHolders + 1] = holderList[i]
  elseif holderList[i] ~= token then
    latest = math.max(latest, holderEnds)
  end
end
local held = {}
for i = 1, #countList, 2 do
  held[countList[i]] = tonumber(countList[i + 1])
end
local used = 0
for i = 1, #holderList, 2 do
  local holder = holderList[i]
  if holder ~= token and not expired[holder] then
    used = used + (held[holder] or 1)
  end
end
local ours = held[token] or 1
local gone, goneCalls = {}, {}
for i = 1, #deadlines, 2 do
  if tonumber(deadlines[i + 1]) <= now then
    gone[deadlines[i]] = true
    goneCalls[#goneCalls + 1] = deadlines[i]
  end
end
local queued, nextQueued = {}, false
for i = 1, #queuedEntries, 2 do
  queued[#queued + 1] = queuedEntries[i]
  nextQueued = nextQueued or queuedEntries[i] == nextEntry
end

-- At the fairness bound: is a call of another client queued ahead of the waiter?
local function anotherClientAhead()
  for _, entry in ipairs(queued) do
    if entry == nextEntry then
      return false
    end
    if not gone[entry] and string.match(entry, '^(%S+) ') ~= member then
      return true
    end
  end
  return false
end

if used + asked > permits or (ARGV[8] == '1' and anotherClientAhead()) then
  if held[token] then
    redis.call('ZREM', counts, token)
  end
  redis.call('ZREM', holders, token)
  joinQueue(queue, live, nextEntry, tonumber(ARGV[7]))
  wakeQueueHead(queue, registry, ARGV[10])
  return {2}
end

removeFromBoth(holders, counts, goneHolders)
removeFromBoth(queue, live, goneCalls)
if nextQueued then
  removeFromBoth(queue, live, {nextEntry})
end
local fence = nextFence(last)
writeFence(fenceKey, fence, ARGV[5])
if not stored then
  redis.call('SET', permitsKey, permits)
end
if held[token] then
  redis.call('ZREM', counts, token)
end
redis.call('ZREM', holders, token)
addHolder(holders, counts, nextToken, asked, now + tonumber(ARGV[3]), latest, now)
-- The holder gave back more than the waiter took: the next in line may fit now.
if ours > asked and used + asked < permits then
  wakeQueueHead(queue, registry, ARGV[10])
end
return {1, fence}
