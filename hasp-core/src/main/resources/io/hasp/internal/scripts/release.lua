-- Hasp release: compare-and-delete by token (for servers without DELEX, and on Redis 8.4+ whenever someone may wait),
-- waking one waiting client in the same step. A release nobody waits for publishes nothing.
-- The client woken is the live registry entry with the earliest deadline (the one written longest ago). Its entry is
-- removed, so a client that is gone is chosen at most once, and the message names it: 'r <waiter id>'. That client
-- attempts and registers again; the others stay registered and re-check on their own if no further release follows
-- shortly (the message reaches them too), which covers a wake-up that was lost or found nobody waiting.
-- KEYS[1]  the lock key
-- KEYS[2]  on a cluster only: the waiter registry, KEYS[1] and ':waiters' (derived here when absent; see acquire.lua)
-- ARGV[1]  our token
-- The lock's waiter registry (client waiter id -> deadline, server ms) is the lock key and ':waiters', and its
-- notification channel the lock key and ':wake' (LockKeys): derived here rather than passed, because every key or
-- argument costs each run a Lua table slot (about 1-2k server instructions a release). The registry has the lock
-- key's hash tag, so on a cluster it is in KEYS[1]'s slot, as acquire.lua says.
-- Reply:   1 deleted (it was ours); 0 not ours (absent, or another holder's token, or not a string)
-- A key of another type is never touched, so a retried release can never delete the next holder's lock: GET answers
-- it with a WRONGTYPE error, which is not our token. A registry of another type is left alone and nobody is notified.
--
-- The common case, our token and nobody registered, ends before the prelude's definitions: Redis builds each of them
-- anew on every run, and in a release that ends there they were a fifth of the server's work.
-- (A ZRANGE there instead of the ZCARD, to read the registry once, costs an empty registry ~8k instructions more.)
-- Cost: that case is GET, DEL, ZCARD, ~5k server instructions each with their replies and ~9k for the run (Redis 7.0,
-- callgrind; with the acquire ~84k a cycle, raw's SET NX PX and compare-and-delete ~31k). Redis before 8.4 has no
-- cheaper equivalent: no conditional delete (GETDEL would delete another holder's lock before the compare), and
-- waiters register after the grant, so the release must look at the registry (EXISTS costs what ZCARD does).
-- A registry of another type answers the ZCARD an error: someone's data, left alone, nobody woken.
local registry = KEYS[2] or KEYS[1] .. ':waiters'
local holder = redis.pcall('GET', KEYS[1])
local entries
if holder == ARGV[1] then
  redis.call('DEL', KEYS[1])
  entries = redis.pcall('ZCARD', registry)
  if entries == 0 then
    return 1
  end
end
-- (prelude definitions)
if holder ~= ARGV[1] then
  wrongType(holder, KEYS[1])
  return 0
end
if type(entries) == 'number' then
  wakeFirstLive(registry, KEYS[1] .. ':wake', readEntries(registry, isWaiter))
end
return 1
