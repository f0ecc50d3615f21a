package io.hasp;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 8 clients x 4 threads contend on one lock and do a deliberately non-atomic read-modify-write of a counter in Redis
 * (see {@link CriticalSectionStress}), for the plain lock and for the fair lock.
 */
class MutualExclusionStressIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    private static final int CLIENTS = 8;
    private static final int THREADS_PER_CLIENT = 4;
    private static final int SECTIONS_PER_THREAD = 25;

    @Test
    void theCounterIsExactAndFencesRiseInCriticalSectionOrder(RedisServer redis) throws Exception {
        CriticalSectionStress.run(redis, CLIENTS, THREADS_PER_CLIENT, SECTIONS_PER_THREAD,
                hasp -> hasp.lock("counter"));
    }

    @Test
    void theFairLockKeepsTheCounterExactWithFencesRisingInOrder(RedisServer redis) throws Exception {
        CriticalSectionStress.run(redis, CLIENTS, THREADS_PER_CLIENT, SECTIONS_PER_THREAD,
                hasp -> hasp.fairLock("counter"));
    }
}
