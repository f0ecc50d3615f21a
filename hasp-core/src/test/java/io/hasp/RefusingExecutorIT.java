package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The futures of the async calls complete on the client's executor; an executor that refuses work (shut down, or
 * saturated with an abort policy) must not leave them incomplete forever, with a lease nobody can reach.
 */
@ExtendWith(RedisServerExtension.class)
class RefusingExecutorIT {
    @Test
    void asyncCallsCompleteEvenWhenTheExecutorRefusesWork(RedisServer redis) throws Exception {
        Duration bound = Timing.scaled(Duration.ofSeconds(5));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).executor(executor).build()) {
            executor.shutdown();
            Lease lease = hasp.lock("refusing").acquireAsync(Duration.ofSeconds(1))
                    .get(bound.toMillis(), TimeUnit.MILLISECONDS);
            lease.extendAsync(Duration.ofSeconds(40)).get(bound.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(lease.releaseAsync().get(bound.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(redis.command("EXISTS", "hasp:{refusing}")).isEqualTo(0L);
        }
    }
}
