package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that restarts without persistence forgets the locks it granted. A client that saw the old server notices the
 * new run id and does not count the node until the quarantine is over; a client that never saw it cannot tell, which
 * is why the delayed-restart rule exists.
 */
class RedlockRestartIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    private static final Duration LEASE = Duration.ofSeconds(3);

    @Test
    void aRestartedMajorityDoesNotHandOutALockStillHeldUntilItsQuarantineEnds(RedisNodes nodes)
            throws InterruptedException {
        try (Hasp holder = client(nodes);
             Hasp rival = client(nodes)) {
            Lease held = holder.lock("q").acquire(Duration.ofSeconds(5));
            rival.lock("warm-up").acquire(Duration.ofSeconds(5)).close(); // the rival has seen every node's run id
            nodes.node(0).restart(); // at once, against the delayed-restart rule: both forget the holder's key
            nodes.node(1).restart();

            // Without the quarantine, the two restarted (empty) nodes would be a majority for the rival. (Only while
            // the held lease is valid: once it has run out, taking the lock is right, however slow the restarts were.)
            int attempts = 0;
            while (held.remaining().compareTo(Duration.ofMillis(50)) > 0) {
                assertThat(tryOnce(rival.lock("q"))).as("an attempt while the held lease is valid").isFalse();
                attempts++;
            }
            assertThat(attempts).as("attempts made while the held lease was valid").isPositive();

            // Once the quarantine (the lease time) is over, every key the restarts lost has expired anyway.
            try (Lease taken = rival.lock("q").acquire(Timing.scaled(LEASE.multipliedBy(4)))) {
                assertThat(taken.fencingToken()).isGreaterThan(held.fencingToken());
            }
        }
    }

    @Test
    void aMajorityRestartQuarantinesForTheLongerOfTheDefaultLeaseAndTheLeasesTheClientHolds(RedisNodes nodes)
            throws InterruptedException {
        try (Hasp hasp = RedlockClients.builder(nodes, b -> b) // no restartQuarantine: the floor is the default lease
                .defaultOptions(LockOptions.builder().leaseTime(Duration.ofSeconds(1)).build()).build()) {
            Lock lock = hasp.lock("longer", LockOptions.builder().leaseTime(Duration.ofSeconds(3)).build());
            Lease held = lock.acquire(Duration.ofSeconds(5));
            long restartedAt = System.nanoTime();
            nodes.node(0).restart(); // at once, against the delayed-restart rule: both forget the held key
            nodes.node(1).restart();

            // While the held 3 s lease lasts (longer than the 1 s default), the two restarted (empty) nodes must not
            // count as a majority for anyone.
            int attempts = 0;
            while (held.remaining().compareTo(Duration.ofMillis(50)) > 0) {
                assertThat(tryOnce(lock)).as("an attempt while the held lease is valid").isFalse();
                attempts++;
            }
            assertThat(attempts).isPositive();

            // Then locking resumes, soon after that lease.
            try (Lease next = lock.acquire(Timing.scaled(Duration.ofSeconds(20)))) {
                assertThat(Duration.ofNanos(System.nanoTime() - restartedAt)).isLessThan(Duration.ofSeconds(10));
                assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
            }
        }
    }

    /** One attempt without waiting; a majority that cannot answer yet (reconnecting) is a "no" too. */
    private static boolean tryOnce(Lock lock) {
        try {
            Optional<Lease> lease = lock.tryAcquire();
            lease.ifPresent(Lease::release);
            return lease.isPresent();
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    @Test
    void documentedLimitAClientThatNeverSawTheOldServersCannotTellTheyRestarted(RedisNodes nodes)
            throws InterruptedException {
        try (Hasp holder = client(nodes)) {
            // A long lease, so that it is certainly still valid when the newcomer has taken the lock too.
            Lease held = holder.lock("q", LockOptions.builder().leaseTime(Duration.ofMinutes(1)).build())
                    .acquire(Duration.ofSeconds(5));
            nodes.node(0).restart();
            nodes.node(1).restart();
            try (Hasp newcomer = client(nodes);
                 Lease second = newcomer.lock("q").acquire(Timing.scaled(Duration.ofSeconds(5)))) {
                // Two holders at once: what restarting without the delay (or without fsync'd persistence) costs.
                assertThat(held.isValid()).isTrue();
                assertThat(second.isValid()).isTrue();
            }
        }
    }

    private static Hasp client(RedisNodes nodes) {
        return RedlockClients.builder(nodes, b -> b.restartQuarantine(LEASE))
                .defaultOptions(LockOptions.builder().leaseTime(LEASE).build()).build();
    }
}
