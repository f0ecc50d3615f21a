-- Hasp acquire: take the lock if it is free, in one round trip, and issue its fencing token. A waiting caller also
-- registers its client in the lock's waiter registry in the same step, so the release that frees the lock knows to
-- notify it (subscribe first, then this attempt, then wait: no wake-up can fall between the check and the wait).
-- A client registers once per wait and refreshes the entry now and then; its other attempts leave it alone.
-- KEYS[1]  the lock key (a string holding the holder's token)
-- KEYS[2]  on a cluster only: the fence counter, KEYS[1] and ':fence' (derived here when absent)
-- KEYS[3]  on a cluster only: the waiter registry, KEYS[1] and ':waiters' (derived here when absent)
-- ARGV[1]  our token
-- ARGV[2]  lease time, ms; absent: 30000, the default options' lease (SingleNodeBackend.SCRIPT_LEASE_MILLIS)
-- ARGV[3]  optional: our client's waiter id, to register while the lock is held ('' or absent: register nothing)
-- ARGV[4]  with ARGV[3]: the heartbeat window, ms, to add or refresh the entry with (an entry not refreshed within
--          it belongs to a dead waiter); '0': the entry is known to be in place, leave it as it is
-- ARGV[5]  with ARGV[3]: '1' if our client keeps waiting after this attempt succeeds (other local waiters), else '0'
-- ARGV[6]  optional: a proposed floor for the fence, µs (Redlock proposes one to every node so they agree on it)
-- ARGV[7]  with ARGV[6]: how far the proposal may run ahead of this server's clock, µs (it is capped there)
-- Reply:   fence                acquired, and the registry holds no live entry; fence is the new fencing token, bare
--                               (the common reply costs no table on the server nor an array on the client): an
--                               integer, or from the common case below its decimal digits (a bulk string)
--          {1, fence, 1}        acquired, and the registry holds live entries (the release must then notify)
--          {0, pttl}            held by another Hasp token; pttl is its remaining time, ms (-1: no expiry)
--          {-1, type}           KEYS[1] holds foreign data of this type; nothing was written
--          {-2, type}           the fence counter holds foreign data of this type; nothing was written
--          {-3, type}           the waiter registry holds foreign data of this type, or 'member' if it holds a member
--                               Hasp did not write; nothing was written
-- What is the same on every run is written here, not sent (every key or argument costs each run about a thousand
-- server instructions, and one that takes the KEYS or ARGV table past a power of two a rehash more): the lock's fence
-- counter and waiter registry are the lock key and ':fence' and ':waiters' (LockKeys: the same hash tag, so on a
-- cluster they are in KEYS[1]'s slot, which Redis checks for every key a script touches, and an ACL key pattern is
-- checked for each call as for a passed key). A cluster passes them anyway: Redis checks a slot being migrated only
-- for the keys a command names, and a run on the importing node would otherwise miss a counter still on the other
-- node and write one the migration then cannot move (SingleNodeBackend.acquireKeys); tokens start with 'hasp1:'
-- (Tokens.PREFIX); the fence counter outlives the last acquire by max(1 hour, 2 leases) (SingleNodeBackend.fenceTtl);
-- and a single try with the default options' lease, 30 s, sends none (the ARGV table of one slot, not two, saves
-- ~1.6k instructions a run). LuaScriptTest ties them to the Java side.
--
-- The fence follows the prelude's fencing rule (nextFence). The lock is taken first, with SET NX PX GET (which never
-- touches an existing key, and on a held lock answers its value in the same call; Redis before 7.0 refuses NX with
-- GET, and then it is SET NX PX and, if the key exists, GET), so a free lock costs no read of its key and a held one
-- no second read. Redis does not roll a script back when a call in it fails, so everything after that SET runs under
-- a pcall (the full path's Lua pcall, the common case's redis.pcall): a foreign fence or registry, or a call that
-- fails (TIME needs +time in the ACL, the registry calls need theirs), deletes the key just set (ours: no other client
-- can run between the SET and the DEL) and then answers or raises as before, so a failed run leaves the lock free and
-- nothing else written. The fence counter is written only after every check passed.
--
-- The registry holds only what Hasp writes (client waiter ids, whole-number deadlines; the prelude's readEntries): a
-- registry holding anything else is someone's data, answered {-3, 'member'}, and nothing prunes or writes it. So a
-- run that writes to the registry or prunes it first reads it whole (one ZRANGE, which also says who still waits);
-- the common case's grant, which counts no entry (ZCARD), needs no more.
--
-- Cost: a free lock with no waiters costs SET, GET, ZCARD, TIME, SET; a held one, for a waiter whose entry is in
-- place, SET, PTTL (Redis before 7.0: SET, SET, GET, PTTL); one that registers, also ZRANGE, ZADD, PTTL. A call costs
-- the server 4-6k instructions with its reply's conversion to Lua, a run ~10k more (Redis 7.0, callgrind): the cycle
-- of a single try and the release is ~84k, raw SET NX PX and compare-and-delete ~31k. The grant's ZCARD stays where
-- its answer (waiters seen) is not used (no DELEX: the release always counts the registry itself), ~3k: it is also
-- the check of the registry for someone's data on every grant (ForeignDataIT, ForeignMembersIT).
--
-- The common case (the lock free, the fence counter absent or one Hasp wrote below the server time, the registry
-- empty or absent, no entry to keep for a client that keeps waiting, no proposed floor, a lease under 1,000,000 ms,
-- so that the counter outlives it by the hour) ends before the prelude's definitions, written straight: Redis builds
-- each definition, and each local function here, anew on every run. It applies the fencing rule to TIME's digits as
-- they come: the server time in µs is the seconds' digits and the microseconds' padded to six, and a counter Hasp
-- wrote (decimal digits) of as many digits is below it exactly when it sorts before it (Lua compares strings by the
-- server's collation, which orders digit strings of one length as their numbers), so the fence is that time,
-- stored and answered as those digits; no number is converted or printed (strtod and the integer printer were a
-- tenth of the cycle's server work). Its reads use redis.pcall and any answer out of the ordinary (foreign data, an
-- error, a waiter seen, a counter not below the time) goes on to the full path below, which reads again and answers
-- (or undoes the SET and raises) as it always did; the lock's SET is passed down, never sent twice, and the fast
-- path's one write, the fence counter, is its last step.
local lockKey = KEYS[1]
local fenceKey, registry = KEYS[2] or lockKey .. ':fence', KEYS[3] or lockKey .. ':waiters'
local lease = ARGV[2] or '30000'
local previous = redis.pcall('SET', lockKey, ARGV[1], 'NX', 'PX', lease, 'GET')
local taken = not previous
-- (A held lock's token is a string: its .err is nil, read through the string library's metatable.)
local legacy = previous and previous.err and string.find(previous.err, 'syntax error', 1, true)
if legacy then -- before Redis 7.0
  taken = redis.call('SET', lockKey, ARGV[1], 'NX', 'PX', lease) ~= false
end
if taken and not ARGV[6] and (ARGV[5] ~= '1' or ARGV[3] == '') and #lease <= 6 then
  local last = redis.pcall('GET', fenceKey)
  if redis.pcall('ZCARD', registry) == 0 then
    local time = redis.pcall('TIME')
    local micros = time[2]
    if micros then
      if #micros < 6 then
        micros = string.sub('00000' .. micros, -6)
      end
      local now = time[1] .. micros
      if (not last or #last == #now and last < now and string.find(last, '^%d+$'))
          and redis.pcall('SET', fenceKey, now, 'PX', '3600000').ok then
        return now
      end
    end
  end
end
-- (prelude definitions)
local waiter = ARGV[3]
if waiter == '' then waiter = nil end
local prefix = 'hasp1:'

-- Removes the registry's entries whose time has passed, if any (entries as readEntries read them, by deadline).
local function prune(entries)
  if #entries > 0 and tonumber(entries[2]) <= nowMillis() then
    redis.call('ZREMRANGEBYSCORE', registry, '-inf', nowMillis())
  end
end

-- The lock was free and is now ours: check the side keys, issue the fence, settle the registry entry. Returns the
-- reply, or a foreign-data answer (code, type) for which the caller undoes the SET.
local function grant()
  local last, foreign = readFence(fenceKey)
  if foreign then
    return {-2, foreign}
  end
  local entries
  entries, foreign = readEntries(registry, isWaiter)
  if foreign then
    return {-3, foreign}
  end

  local fence = nextFence(last)
  if ARGV[6] then
    fence = math.max(fence, math.min(tonumber(ARGV[6]), nowMicros() + tonumber(ARGV[7])))
  end

  local waiters = 0
  if waiter and ARGV[5] == '1' then
    if tonumber(ARGV[4]) > 0 then
      registerWaiter(registry, waiter, tonumber(ARGV[4]))
    end
    waiters = 1
  elseif #entries > 0 then
    prune(entries)
    if waiter then
      redis.call('ZREM', registry, waiter)
    end
    for i = 1, #entries, 2 do
      if entries[i] ~= waiter and tonumber(entries[i + 1]) > nowMillis() then
        waiters = 1
      end
    end
  end

  local fenceTtl = string.format('%d', math.max(3600000, 2 * tonumber(lease))) -- SingleNodeBackend.fenceTtl
  writeFence(fenceKey, fence, fenceTtl)
  if waiters == 0 then
    return fence
  end
  return {1, fence, 1}
end

if taken then
  local ok, reply = pcall(grant)
  if not ok or type(reply) == 'table' and reply[1] ~= 1 then
    redis.call('DEL', lockKey)
    if not ok then
      error(reply)
    end
  end
  return reply
end

-- The key exists: another holder's lock, or foreign data (read from the SET's answer, or before Redis 7.0 by a GET).
local _, foreign
if legacy then
  _, foreign = readLock(lockKey, prefix)
else
  foreign = wrongType(previous, lockKey)
  if not foreign then
    _, foreign = lockValue(previous, prefix)
  end
end
if foreign then
  return {-1, foreign}
end
if waiter and tonumber(ARGV[4]) > 0 then
  local entries
  entries, foreign = readEntries(registry, isWaiter)
  if foreign then
    return {-3, foreign}
  end
  registerWaiter(registry, waiter, tonumber(ARGV[4]))
  prune(entries)
end
return {0, redis.call('PTTL', lockKey)}
