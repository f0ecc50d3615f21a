package io.hasp;

import io.hasp.testkit.RedisServer;
import org.junit.jupiter.api.Test;

/**
 * 8 clients x 4 threads contend on one lock and do a deliberately non-atomic read-modify-write of a counter in Redis
 * (see {@link CriticalSectionStress}), for the plain lock and for the fair lock.
 */
class MutualExclusionStressIT {
    private static final int CLIENTS = 8;
    private static final int THREADS_PER_CLIENT = 4;
    private static final int SECTIONS_PER_THREAD = 25;

    @Test
    void theCounterIsExactAndFencesRiseInCriticalSectionOrder() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            CriticalSectionStress.run(redis, CLIENTS, THREADS_PER_CLIENT, SECTIONS_PER_THREAD,
                    hasp -> hasp.lock("counter"));
        }
    }

    @Test
    void theFairLockKeepsTheCounterExactWithFencesRisingInOrder() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            CriticalSectionStress.run(redis, CLIENTS, THREADS_PER_CLIENT, SECTIONS_PER_THREAD,
                    hasp -> hasp.fairLock("counter"));
        }
    }
}
