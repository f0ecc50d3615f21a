-- Hasp prelude: the rules every script shares, written once. The loader (LuaScript) inserts it after each script's
-- header comment (the definitions at a '-- (prelude definitions)' line, if the script has one), so a script reads
-- these locals as if they were its own and the rule that matters most, the fencing rule, cannot drift between
-- scripts. Only the definitions a script uses go in (PreludeDefinitions): blocks are separated by blank lines, and a
-- block goes in if the script, or a block that goes in, names a local it defines.
-- Effects replication makes TIME legal before a write. It is the default since Redis 5, but before 7.0 a server may
-- be set to replicate scripts verbatim (lua-replicate-commands no); from 7.0 on it is the only way, this call a
-- no-op, and the loader's text for those servers leaves this line out (LuaScript.Variant).
if redis.replicate_commands then redis.replicate_commands() end

-- The type of the value at key if reply is a WRONGTYPE error (how foreign data of another type shows when a key is
-- read with pcall, without a TYPE call per key on every run), else nil. Any other error is raised as itself.
local function wrongType(reply, key)
  if type(reply) ~= 'table' or not reply.err then
    return nil
  end
  if not string.find(reply.err, 'WRONGTYPE', 1, true) then
    error(reply.err)
  end
  return redis.call('TYPE', key)['ok']
end

-- Runs a one-key read (GET, ZCARD): its reply, or nil and the type of the foreign data the key holds.
local function read(command, key)
  local reply = redis.pcall(command, key)
  local foreign = wrongType(reply, key)
  if foreign then
    return nil, foreign
  end
  return reply, nil
end

-- A lock key's string value: the holder's token, or nil and 'string' if it does not start with the Hasp token prefix.
local function lockValue(value, prefix)
  if string.sub(value, 1, #prefix) ~= prefix then
    return nil, 'string'
  end
  return value, nil
end

-- Reads a lock key. Returns the holder's token (false when free), or nil and the type of the foreign data it holds:
-- another type, or a string that does not start with the Hasp token prefix.
local function readLock(key, prefix)
  local value, foreign = read('GET', key)
  if value then
    return lockValue(value, prefix)
  end
  return value, foreign
end

-- A fence counter's string value as a number, or nil if it is not one Hasp writes: decimal digits, below 2^53 (Lua
-- numbers are doubles: from there on, counter + 1 is not exact, and a longer string of digits reads as 2^53 itself).
-- The digits are converted once: strtod is the dearest step of reading a counter.
local function fenceNumber(value)
  local number = string.find(value, '^%d+$') and tonumber(value)
  if number and number < 9007199254740992 then
    return number
  end
  return nil
end

-- Reads a fence counter. Returns its value (0 when absent), or nil and the type of the foreign data it holds:
-- another type, or a string that fenceNumber refuses.
local function readFence(key)
  local value, foreign = read('GET', key)
  if foreign then
    return nil, foreign
  end
  if not value then
    return 0, nil
  end
  local number = fenceNumber(value)
  if not number then
    return nil, 'string'
  end
  return number, nil
end

-- Reads a sorted-set side key (waiter registry, fair queue): its size (0 when absent), or nil and the type of the
-- foreign data it holds.
local function readSortedSet(key)
  return read('ZCARD', key)
end

-- The server clock, read and converted once per run: every step of one script sees the same instant.
local serverMicros
local function nowMicros()
  if not serverMicros then
    local time = redis.call('TIME')
    serverMicros = tonumber(time[1]) * 1000000 + tonumber(time[2])
  end
  return serverMicros
end
local function nowMillis()
  return math.floor(nowMicros() / 1000)
end

-- The fencing rule: the next fence is max(counter + 1, server time in µs). The time floor keeps fences increasing
-- when the counter key is evicted, expires or is lost in a restart without persistence, as long as the server clock
-- does not step back by more than the counter's lifetime.
local function nextFence(last)
  return math.max(last + 1, nowMicros())
end

-- Stores a fence as the counter, which outlives it by ttlMs. '%d' prints the whole number as an integer (fences stay
-- below 2^53, see fenceNumber); '%.0f' would take the floating-point printer, several times dearer.
local function writeFence(key, fence, ttlMs)
  redis.call('SET', key, string.format('%d', fence), 'PX', ttlMs)
end

-- Adds or refreshes a client's entry in a waiter registry (already checked to be a sorted set) for window ms, and
-- keeps the registry alive at least that long. As outliveEntry does, it sets twice that when less is left, so the
-- next registrations of a busy lock need no PEXPIRE (readers of the registry skip entries whose time has passed).
local function registerWaiter(registry, member, window)
  redis.call('ZADD', registry, nowMillis() + window, member)
  if redis.call('PTTL', registry) < window then
    redis.call('PEXPIRE', registry, 2 * window)
  end
end

-- After a grant: a client that keeps waiting (other local waiters) refreshes its registry entry when window > 0;
-- otherwise its entry goes.
local function settleWaiter(registry, member, window, keep)
  if not keep then
    redis.call('ZREM', registry, member)
  elseif window > 0 then
    registerWaiter(registry, member, window)
  end
end

-- How release and hand-off notices are sent: 'PUBLISH' reaches every node; the loader's sharded variant of each
-- script (LuaScript) says 'SPUBLISH' instead, which a Redis 7+ cluster delivers only inside the shard that owns the
-- channel's slot (every channel is in its lock's slot, through the lock's hash tag).
local PUBLISH_COMMAND = 'PUBLISH'
local function publish(channel, message)
  redis.call(PUBLISH_COMMAND, channel, message)
end

-- The members Hasp writes in a semaphore's, a read-write lock's and a lock's waiter registry's sorted sets: a token
-- (Tokens.PREFIX, then hex digits), a client waiter id (WaitLines: 'w:' and a UUID), and a queued call or a writer's
-- intent ('<client waiter id> <token>', or the token alone for an attempt made without a waiter id). LuaScriptTest
-- ties them to the Java side.
local function isToken(member)
  return string.find(member, '^hasp1:%x+$') ~= nil
end

-- (Blocks of their own, so that a script that checks waiter ids only builds that check alone.)
local function isWaiter(member)
  return string.find(member, '^w:[%x%-]+$') ~= nil
end

local function isCall(member)
  return isToken(member) or string.find(member, '^w:[%x%-]+ hasp1:%x+$') ~= nil
end

-- Reads every entry of a primitive's sorted set as ZRANGE WITHSCORES answers it ({member, score, ...}, by score): the
-- entries, or nil and the type of the foreign data the key holds: another type, or 'member' if an entry is not one
-- Hasp writes (a member isHasp refuses, or a score that is not a whole number: Hasp's scores are times and counts).
-- A set with such an entry is someone's data, as a key of another type is: refused and left alone, so that nothing
-- Hasp does (pruning, a key expiry, a wake-up by name) can remove what Hasp did not write.
local function readEntries(key, isHasp)
  local entries = redis.pcall('ZRANGE', key, 0, -1, 'WITHSCORES')
  local foreign = wrongType(entries, key)
  if foreign then
    return nil, foreign
  end
  for i = 1, #entries, 2 do
    if not isHasp(entries[i]) or not string.find(entries[i + 1], '^%d+$') then
      return nil, 'member'
    end
  end
  return entries, nil
end

-- The member of the first entry (a readEntries reply, by score) that ends after now (server ms), or nil.
local function firstLive(entries, now)
  for i = 2, #entries, 2 do
    if tonumber(entries[i]) > now then
      return entries[i - 1]
    end
  end
  return nil
end

-- Wakes every waiting client ('r' on the channel) if the registry holds a live entry. A registry holding data Hasp did
-- not write (see readEntries) is left alone, nobody woken; entries whose time has passed go with the key's expiry.
local function wakeWaiters(registry, channel)
  local entries = readEntries(registry, isWaiter)
  if entries and firstLive(entries, nowMillis()) then
    publish(channel, 'r')
  end
end

-- A semaphore lease of more than one permit: its count goes in the counts key (a lease without an entry holds one
-- permit), which then lives at least as long as the lease (leaseMs from now).
local function addCount(counts, token, permits, leaseMs)
  redis.call('ZADD', counts, permits, token)
  if redis.call('PTTL', counts) < leaseMs then
    redis.call('PEXPIRE', counts, leaseMs)
  end
end

-- Adds a semaphore lease: token holds permits until ends (server ms; now is the server time). The semaphore's keys
-- vanish with its last lease, so the holders key's expiry moves only when this lease ends later than every other
-- (latest: the latest end among the others; extend keeps the same rule); its count, if more than one, goes in counts.
local function addHolder(holders, counts, token, permits, ends, latest, now)
  redis.call('ZADD', holders, ends, token)
  if ends > latest then
    redis.call('PEXPIRE', holders, ends - now)
  end
  if permits > 1 then
    addCount(counts, token, permits, ends - now)
  end
end

-- Removes members from two sorted sets kept side by side (a semaphore's holders and counts, or its queue and live
-- deadlines); nothing when there are none.
local function removeFromBoth(first, second, members)
  if #members > 0 then
    redis.call('ZREM', first, unpack(members))
    redis.call('ZREM', second, unpack(members))
  end
end

-- Puts a semaphore call in its queue (at the back, or where it already stands) and keeps it live for window ms; both
-- keys live at least that long.
local function joinQueue(queue, live, entry, window)
  redis.call('ZADD', queue, 'NX', nowMicros(), entry)
  redis.call('ZADD', live, nowMillis() + window, entry)
  for _, key in ipairs({queue, live}) do
    if redis.call('PTTL', key) < window then
      redis.call('PEXPIRE', key, window)
    end
  end
end

-- Wakes the waiting client named client: its registry entry (already checked to be a sorted set) is removed and the
-- message names it ('r <waiter id>'), so a client that is gone is chosen at most once.
local function wakeNamed(registry, channel, client)
  redis.call('ZREM', registry, client)
  publish(channel, 'r ' .. client)
end

-- Wakes one waiting client of a lock's registry: the live entry with the earliest deadline (the one written longest
-- ago) is removed and named on the channel ('r <waiter id>'), so a client that is gone is chosen at most once; entries
-- whose time has passed go first. entries is the registry as readEntries read it (isWaiter): nil when it holds data
-- Hasp did not write, which is left alone, nobody woken.
local function wakeFirstLive(registry, channel, entries)
  if not entries or #entries == 0 then
    return
  end
  local now = nowMillis()
  if tonumber(entries[2]) <= now then
    redis.call('ZREMRANGEBYSCORE', registry, '-inf', now)
  end
  local woken = firstLive(entries, now)
  if woken then
    wakeNamed(registry, channel, woken)
  end
end

-- What a wake-up by name reads: the registry's entries and those of the set its calls are named in (a semaphore's
-- queue, a read-write lock's intents), or nil if nobody is registered or either holds data Hasp did not write (see
-- readEntries): then both are left alone and nobody is woken.
local function wakeSets(registry, calls)
  local registered = readEntries(registry, isWaiter)
  if not registered or #registered == 0 then
    return nil
  end
  local entries = readEntries(calls, isCall)
  if not entries then
    return nil
  end
  return registered, entries
end

-- A semaphore's wake-up: wakes one waiting client, by name ('r <waiter id>', its registry entry removed as a named
-- wake-up does), so that only that client attempts at once; the others keep waiting for their backstop. Queue entries
-- are '<client waiter id> <call id>': the client woken is that of the queue's head, or, with nobody queued, the live
-- registered client written longest ago. Every waiting client that holds no permit has its next call in the queue or
-- attempting (a local hand-off that yields queues the waiter), so an unqueued client never needs a wake-up to take its
-- place. Nobody is woken when no client is registered. A queue or registry holding data Hasp did not write (see
-- readEntries) is left alone, nobody woken.
local function wakeQueueHead(queue, registry, channel)
  local registered, queued = wakeSets(registry, queue)
  if not registered then
    return
  end
  local head = queued[1] and string.match(queued[1], '^(%S+) ') or firstLive(registered, nowMillis())
  if head then
    wakeNamed(registry, channel, head)
  end
end

-- Keeps a sorted set alive at least ms from now, after an entry ending ms from now was written to it, so the key
-- never expires before its latest entry. When less than ms is left it sets twice that, so most writes to a busy key
-- need no PEXPIRE (the key may outlive its last entry by up to ms; readers of it skip entries whose time has passed).
local function outliveEntry(key, ms)
  if redis.call('PTTL', key) < ms then
    redis.call('PEXPIRE', key, 2 * ms)
  end
end

-- Wakes every waiting client ('r' on the channel) if the registry holds any entry. For releases that free the lock for
-- several clients at once (a read-write lock's readers may all share it). An entry of a dead client costs one message
-- until the registry expires; a registry of another type is someone's data: left alone, nobody woken.
local function wakeAll(registry, channel)
  local entries = redis.pcall('ZCARD', registry)
  if type(entries) == 'number' and entries > 0 then
    publish(channel, 'r')
  end
end

-- A read-write lock's wake-up, for a release that may let someone in; nothing if nobody is registered as waiting.
-- While a writer's intent is live no reader can get in, so only the client of the oldest live intent (intent members
-- are '<client waiter id> <token>') is woken, named as wakeFirstLive names it, with its registry entry removed; otherwise
-- every waiting client is. Keys holding data Hasp did not write (see readEntries) are left alone, nobody woken.
local function wakeWriterOrAll(intents, registry, channel)
  local registered, waiting = wakeSets(registry, intents)
  if not registered then
    return
  end
  local intent = firstLive(waiting, nowMillis())
  local client = intent and string.match(intent, '^(%S+) ')
  if client then
    wakeNamed(registry, channel, client)
  else
    publish(channel, 'r')
  end
end
