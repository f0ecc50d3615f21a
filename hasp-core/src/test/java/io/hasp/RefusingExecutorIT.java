package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The futures of the async calls and the leadership calls run on the client's executor; an executor that refuses work
 * (shut down, or saturated with an abort policy) must not leave futures incomplete forever, with a lease nobody can
 * reach, nor silence later calls.
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

    /** A leadership call the executor refused is lost, but later ones still come: the chain of calls went dead. */
    @Test
    void aLeadershipCallTheExecutorRefusedDoesNotSilenceTheLaterOnes(RedisServer redis) throws Exception {
        Duration bound = Timing.scaled(Duration.ofSeconds(10));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AtomicBoolean refusing = new AtomicBoolean(true);
        Executor saturated = task -> {
            if (refusing.get()) {
                throw new RejectedExecutionException("saturated");
            }
            pool.execute(task);
        };
        BlockingQueue<Leadership> elected = new LinkedBlockingQueue<>();
        LeadershipListener listener = new LeadershipListener() {
            @Override
            public void elected(Leadership term) {
                elected.add(term);
            }
        };
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).executor(saturated).build();
                LeaderElection participant = hasp.leaderElection("refused")) {
            participant.campaign(listener);
            Timing.await("elected while the executor refuses", bound, participant::isLeader);
            refusing.set(false);
            participant.resign();

            participant.campaign(listener);
            assertThat(elected.poll(bound.toMillis(), TimeUnit.MILLISECONDS)).as("the next election is told")
                    .isNotNull();
        } finally {
            pool.shutdownNow();
        }
    }
}
