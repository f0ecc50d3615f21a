package io.hasp.internal;

import io.hasp.Ticker;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every lock of one client shares: where it talks to Redis, how it waits, its clocks and threads.
 *
 * @param backend the Redis side of every lock
 * @param waitLines where waiting calls wait between attempts, and how releases reach them
 * @param ticker the monotonic clock of lease validity
 * @param timer schedules retries; its tasks only complete futures
 * @param executor completes the futures handed to users, so their callbacks never run on an I/O thread
 * @param watchdog renews the client's leases and notices when their validity ends
 * @param events tells the client's listeners what its locks do
 * @param lifecycle whether the client is open, to refuse work once it is closed
 */
record LockContext(LockBackend backend, WaitLines waitLines, Ticker ticker, ScheduledExecutorService timer,
        Executor executor, LeaseWatchdog watchdog, LockEvents events, ClientLifecycle lifecycle) {

    /** This context with another backend: how a semaphore or a read-write lock runs the lock's machinery. */
    LockContext withBackend(LockBackend other) {
        return new LockContext(other, waitLines, ticker, timer, executor, watchdog, events, lifecycle);
    }
}
