package io.hasp;

import io.hasp.internal.Arguments;
import java.time.Duration;

/**
 * One lease holding a semaphore or a read-write lock, as an operator sees it in {@link SemaphoreInfo} or
 * {@link ReadWriteLockInfo}: the short prefix of its token (never the whole token), how many permits it holds (1 for
 * a reader or a writer) and how long its lease has left by the Redis server's clock.
 *
 * @param tokenPrefix the first characters of the lease's token, as in Hasp's log lines
 * @param permits the permits the lease holds
 * @param remaining the lease's remaining time at the moment it was read
 */
public record HolderInfo(String tokenPrefix, int permits, Duration remaining) {

    /**
     * Checks that nothing is null.
     *
     * @param tokenPrefix the first characters of the lease's token
     * @param permits the permits the lease holds
     * @param remaining the lease's remaining time
     * @throws HaspArgumentException if {@code tokenPrefix} or {@code remaining} is null
     */
    public HolderInfo {
        Arguments.notNull("tokenPrefix", tokenPrefix);
        Arguments.notNull("remaining", remaining);
    }
}
