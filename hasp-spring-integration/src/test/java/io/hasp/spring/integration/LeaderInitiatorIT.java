package io.hasp.spring.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.LockOptions;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.leader.event.LeaderEventPublisher;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

/** LockRegistryLeaderInitiator on HaspLockRegistry: one leader; a new one after it stops or loses its lease. */
class LeaderInitiatorIT extends OneRedisPerClass {
    private static final Duration LIVENESS = Duration.ofSeconds(15);

    private final AtomicInteger leaders = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void oneInstanceLeadsAndAnotherTakesOverWhenItStops() {
        List<LockRegistryLeaderInitiator> initiators = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LockRegistryLeaderInitiator initiator =
                    new LockRegistryLeaderInitiator(newRegistry("leaders"), new CountingCandidate("node-" + i));
            initiator.setHeartBeatMillis(100);
            initiator.setBusyWaitMillis(20);
            initiator.setPublishFailedEvents(true);
            initiator.setLeaderEventPublisher(new FailedAttempts());
            initiators.add(initiator);
        }
        try {
            initiators.forEach(LockRegistryLeaderInitiator::start);
            Timing.await("a leader is elected", LIVENESS, () -> leaders.get() == 1);
            LockRegistryLeaderInitiator first = leaderAmong(initiators);
            // Several heartbeats of the leader and the others' attempts, then the leader steps down.
            Timing.await("the followers tried for a while", LIVENESS, () -> attempts.get() >= 20);
            assertThat(leaderCount(initiators)).isEqualTo(1);
            assertThat(mostAtOnce).hasValue(1);

            // Spring's initiator unlocks before it calls onRevoked, so across the hand-over the callbacks may overlap
            // for a moment; the lock itself is held by one instance at a time.
            first.stop();
            Timing.await("another leader is elected", LIVENESS,
                    () -> leaders.get() == 1 && !first.getContext().isLeader() && leaderCount(initiators) == 1);
            assertThat(leaderAmong(initiators)).isNotSameAs(first);
        } finally {
            initiators.forEach(LockRegistryLeaderInitiator::stop);
        }
    }

    @Test
    void aLeaderWhoseLeaseIsLostStepsDown() {
        AtomicInteger revoked = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        HaspLockRegistry registry = new HaspLockRegistry(newClient(), "lossy",
                LockOptions.builder().watchdog(Duration.ofSeconds(3)).renewInterval(Duration.ofMillis(100)).build());
        LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(registry,
                new DefaultCandidate("only", "leader") {
                    @Override
                    public void onGranted(Context context) {
                        granted.incrementAndGet();
                    }

                    @Override
                    public void onRevoked(Context context) {
                        revoked.incrementAndGet();
                    }
                });
        initiator.setHeartBeatMillis(100);
        initiator.setBusyWaitMillis(20);
        try {
            initiator.start();
            Timing.await("leading", LIVENESS, () -> granted.get() == 1);
            redis.command("DEL", "hasp:{lossy:leader}"); // as a failover to a replica without the key would
            Timing.await("the lost lead is revoked", LIVENESS, () -> revoked.get() >= 1);
            Timing.await("and taken again with a new lease", LIVENESS,
                    () -> granted.get() >= 2 && exists("hasp:{lossy:leader}"));
        } finally {
            initiator.stop();
        }
    }

    private static long leaderCount(List<LockRegistryLeaderInitiator> initiators) {
        return initiators.stream().filter(i -> i.getContext().isLeader()).count();
    }

    private static LockRegistryLeaderInitiator leaderAmong(List<LockRegistryLeaderInitiator> initiators) {
        return initiators.stream().filter(i -> i.getContext().isLeader()).findFirst().orElseThrow();
    }

    /** Counts the followers' failed attempts to take the lead. */
    private final class FailedAttempts implements LeaderEventPublisher {
        @Override
        public void publishOnGranted(Object source, Context context, String role) {
        }

        @Override
        public void publishOnRevoked(Object source, Context context, String role) {
        }

        @Override
        public void publishOnFailedToAcquire(Object source, Context context, String role) {
            attempts.incrementAndGet();
        }
    }

    private final class CountingCandidate extends DefaultCandidate {
        CountingCandidate(String id) {
            super(id, "leader");
        }

        @Override
        public void onGranted(Context context) {
            mostAtOnce.accumulateAndGet(leaders.incrementAndGet(), Math::max);
        }

        @Override
        public void onRevoked(Context context) {
            leaders.decrementAndGet();
        }
    }
}
