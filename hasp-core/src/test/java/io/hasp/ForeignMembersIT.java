package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member Hasp did not write in one of a semaphore's, a read-write lock's or a lock's waiter registry's sorted sets (a
 * value that is not a Hasp token, waiter id or queue entry, or a Hasp-looking member with a score Hasp never writes)
 * makes the set someone's data: acquires are refused with a {@link KeyConflictException} naming the key, releases of Hasp's own leases still
 * work, inspect flags it, force-release refuses where it would delete the set, and the member stays as it was (no
 * acquire, release, wake-up or force-release removes it, and no expiry is put on a set that had none).
 */
class ForeignMembersIT extends OneRedisPerClass {
    private static final Duration WAIT = Timing.scaled(Duration.ofSeconds(1));
    private static final String TOKEN_SHAPED = "hasp1:0123456789abcdef0123456789abcdef";
    private static final String WAITER_SHAPED = "w:01234567-89ab-cdef-0123-456789abcdef";
    private static Hasp other;

    /** A member and score someone else wrote. */
    private record Foreign(String member, String score) {
    }

    @BeforeAll
    static void startOther() {
        other = connect();
    }

    @AfterAll
    static void closeOther() {
        other.close();
    }

    /** Each side key, with members that are not Hasp's: another shape (an old score), and Hasp's shape, odd score. */
    private static List<Foreign> foreignFor(String side) {
        String shaped = switch (side) {
            case "", ":counts", ":readers" -> TOKEN_SHAPED;
            case ":waiters" -> WAITER_SHAPED;
            default -> WAITER_SHAPED + " " + TOKEN_SHAPED;
        };
        return List.of(new Foreign("someone's member", "1"), new Foreign(shaped, "+inf"),
                new Foreign(shaped, "1.5"));
    }

    @Test
    void aForeignMemberInAnySemaphoreSetIsRefusedAndNeverRemoved() throws Exception {
        for (String side : new String[] {"", ":counts", ":queue", ":live", ":waiters"}) {
            for (Foreign foreign : foreignFor(side)) {
                redis.command("FLUSHALL");
                String key = "hasp:{s}:semaphore" + side;
                Lease held = other.semaphore("s", 3).tryAcquire(2).orElseThrow();
                boolean existed = (Long) redis.command("EXISTS", key) == 1;
                redis.command("ZADD", key, foreign.score(), foreign.member());
                String what = key + " " + foreign;
                Semaphore semaphore = hasp.semaphore("s", 3);

                // A waiting call that must queue reads every sorted set of the semaphore.
                assertThatThrownBy(() -> semaphore.tryAcquire(2, WAIT)).as(what)
                        .isInstanceOf(KeyConflictException.class).hasMessageContaining(key);
                assertThat(held.release()).as(what).isTrue();
                semaphore.setPermits(4); // wakes the waiting clients
                assertThat(hasp.admin().inspectSemaphore("s").orElseThrow().foreignData()).as(what).isTrue();
                if (side.equals("") || side.equals(":counts")) {
                    assertThatThrownBy(() -> hasp.admin().forceReleaseSemaphore("s")).as(what)
                            .isInstanceOf(KeyConflictException.class).hasMessageContaining(key);
                } else {
                    hasp.admin().forceReleaseSemaphore("s");
                }
                assertUntouched(key, foreign, existed, what);
            }
        }
    }

    @Test
    void aForeignMemberInAnyReadWriteLockSetIsRefusedAndNeverRemoved() throws Exception {
        for (String side : new String[] {":readers", ":writing", ":waiters"}) {
            for (Foreign foreign : foreignFor(side)) {
                redis.command("FLUSHALL");
                String key = "hasp:{d}:rw" + side;
                Lease reading = other.readWriteLock("d").readLock().tryAcquire().orElseThrow();
                boolean existed = (Long) redis.command("EXISTS", key) == 1;
                redis.command("ZADD", key, foreign.score(), foreign.member());
                String what = key + " " + foreign;
                ReadWriteLock rw = hasp.readWriteLock("d");

                // A waiting writer behind a reader reads the readers, records an intent and registers.
                assertThatThrownBy(() -> rw.writeLock().tryAcquire(WAIT)).as(what)
                        .isInstanceOf(KeyConflictException.class).hasMessageContaining(key);
                assertThatThrownBy(() -> rw.readLock().tryAcquire(WAIT)).as(what)
                        .isInstanceOf(KeyConflictException.class).hasMessageContaining(key);
                assertThat(reading.release()).as(what).isTrue();
                // The lock is free of Hasp holders now: a writer's grant would clear the readers that ended.
                assertThatThrownBy(() -> rw.writeLock().tryAcquire(WAIT)).as(what)
                        .isInstanceOf(KeyConflictException.class).hasMessageContaining(key);
                assertThat(hasp.admin().inspectReadWriteLock("d").orElseThrow().foreignData()).as(what).isTrue();
                if (side.equals(":readers")) {
                    assertThatThrownBy(() -> hasp.admin().forceReleaseReadWriteLock("d")).as(what)
                            .isInstanceOf(KeyConflictException.class).hasMessageContaining(key);
                } else {
                    hasp.admin().forceReleaseReadWriteLock("d");
                }
                assertUntouched(key, foreign, existed, what);
            }
        }
    }

    @Test
    void aForeignMemberInALockRegistryIsRefusedAndNeverRemoved() throws Exception {
        for (Foreign foreign : foreignFor(":waiters")) {
            redis.command("FLUSHALL");
            String key = "hasp:{l}:waiters";
            Lease held = other.lock("l").tryAcquire().orElseThrow();
            redis.command("ZADD", key, foreign.score(), foreign.member());
            String what = key + " " + foreign;
            Lock lock = hasp.lock("l");

            // A waiting call registers (and prunes) while the lock is held.
            assertThatThrownBy(() -> lock.tryAcquire(WAIT)).as(what)
                    .isInstanceOf(KeyConflictException.class).hasMessageContaining(key);
            assertThat(held.release()).as(what).isTrue(); // wakes one registered client
            // The lock is free: a grant that sees a registered client settles the registry.
            assertThatThrownBy(() -> lock.tryAcquire()).as(what)
                    .isInstanceOf(KeyConflictException.class).hasMessageContaining(key);
            assertThat(redis.command("EXISTS", "hasp:{l}")).as(what).isEqualTo(0L);
            assertThat(hasp.admin().inspect("l").orElseThrow().foreignData()).as(what).isTrue();
            assertUntouched(key, foreign, false, what);
        }
    }

    /** The member is still there with its score; a set Hasp had not made was given no expiry. */
    private static void assertUntouched(String key, Foreign foreign, boolean existed, String what) {
        Object score = redis.command("ZSCORE", key, foreign.member());
        assertThat(score).as(what).isNotNull();
        assertThat(Double.parseDouble(score.toString().replace("inf", "Infinity")))
                .as(what).isEqualTo(Double.parseDouble(foreign.score().replace("inf", "Infinity")));
        if (!existed) {
            assertThat(redis.command("PTTL", key)).as(what).isEqualTo(-1L);
        }
    }
}
