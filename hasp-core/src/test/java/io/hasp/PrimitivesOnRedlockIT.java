package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Over Redlock: leader election works (it is a lock), in the admin too; a semaphore or read-write lock is refused with
 * a message saying what to use.
 */
class PrimitivesOnRedlockIT {

    @Test
    void aSemaphoreIsRefusedAndAnElectionHandsOverWithAHigherEpoch() throws Exception {
        try (RedisNodes nodes = RedisNodes.start(3); Hasp hasp = RedlockClients.connect(nodes)) {
            assertThatThrownBy(() -> hasp.semaphore("pool", 2)).isInstanceOf(HaspException.class)
                    .hasMessageContaining("Redlock").hasMessageContaining("Hasp.connect(uri)");
            assertThatThrownBy(() -> hasp.readWriteLock("doc")).isInstanceOf(HaspException.class)
                    .hasMessageContaining("Redlock").hasMessageContaining("lock(name)");

            long wait = Timing.scaled(Duration.ofSeconds(10)).toMillis();
            try (LeaderElection first = hasp.leaderElection("jobs");
                    LeaderElection second = hasp.leaderElection("jobs")) {
                Leadership won = first.campaign().toCompletableFuture().get(wait, TimeUnit.MILLISECONDS);
                var next = second.campaign().toCompletableFuture();
                assertThat(second.isLeader()).isFalse();
                first.resign();
                Leadership taken = next.get(wait, TimeUnit.MILLISECONDS);
                assertThat(taken.epoch()).isGreaterThan(won.epoch());
                assertThat(first.isLeader()).isFalse();
                assertThat(second.isLeader()).isTrue();
            }
        }
    }

    @Test
    void theAdminShowsAndDeposesAnElectionAndRefusesTheOthersClearly() throws Exception {
        try (RedisNodes nodes = RedisNodes.start(3); Hasp hasp = RedlockClients.connect(nodes);
                LeaderElection participant = hasp.leaderElection("jobs")) {
            LockAdmin admin = hasp.admin();
            assertThatThrownBy(() -> admin.inspectSemaphore("pool")).isInstanceOf(HaspException.class)
                    .hasMessageContaining("semaphores are not available").hasMessageContaining("Redlock");
            assertThatThrownBy(() -> admin.forceReleaseReadWriteLock("doc")).isInstanceOf(HaspException.class)
                    .hasMessageContaining("read-write locks are not available");
            assertThatThrownBy(() -> admin.inspectSemaphore("a{b}")).isInstanceOf(HaspArgumentException.class);

            long wait = Timing.scaled(Duration.ofSeconds(10)).toMillis();
            Leadership term = participant.campaign().toCompletableFuture().get(wait, TimeUnit.MILLISECONDS);
            LockInfo info = admin.inspectElection("jobs").orElseThrow();
            assertThat(info.held()).isTrue();
            assertThat(info.nodes()).hasSize(3);
            assertThat(info.fence()).hasValue(term.epoch());
            assertThat(admin.listing(10).elections()).containsExactly("jobs");
            assertThat(admin.forceReleaseElection("jobs")).isTrue();
            assertThat(admin.inspectElection("jobs").orElseThrow().held()).isFalse();
        }
    }
}
