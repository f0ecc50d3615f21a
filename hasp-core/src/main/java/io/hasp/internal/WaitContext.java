package io.hasp.internal;

import io.hasp.Ticker;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the wait lines of one client and their turns share, handed down to them by {@link WaitLines}: they never
 * reach back up for it.
 *
 * @param channels where releases are heard
 * @param backend the Redis side, to drop the client's registry entry when a line empties
 * @param timer schedules pauses and backstops; its tasks only complete futures
 * @param ticker the client's monotonic clock
 * @param member this client's entry in every waiter registry
 */
record WaitContext(WakeChannels channels, LockBackend backend, ScheduledExecutorService timer, Ticker ticker,
        String member) {
}
