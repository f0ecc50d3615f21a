package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A read-write lock's downgrade: write to read in one step, no writer in between, the write's fence, bad input. */
class ReadWriteDowngradeIT extends OneRedisPerClass {
    private static final long WAIT_MS = Timing.scaled(Duration.ofSeconds(10)).toMillis();

    @Test
    void theReadLeaseCarriesTheWritesFenceAndOnlyReadersMayJoin() throws Exception {
        try (Hasp other = connect()) {
            ReadWriteLock rw = hasp.readWriteLock("doc");
            Lease write = rw.writeLock().tryAcquire().orElseThrow();
            Lease read = rw.downgrade(write);
            assertThat(read.fencingToken()).isEqualTo(write.fencingToken());
            assertThat(read.isValid()).isTrue();
            assertThat(write.isValid()).isFalse();
            assertThatThrownBy(write::checkValid).isInstanceOf(LockNotHeldException.class);
            write.close(); // ended by the downgrade: closing sends nothing and takes nothing away
            assertThat(redis.command("EXISTS", "hasp:{doc}:rw")).isEqualTo(0L);
            assertThat(redis.command("ZCARD", "hasp:{doc}:rw:readers")).isEqualTo(1L);

            ReadWriteLock seen = other.readWriteLock("doc");
            Lease joined = seen.readLock().tryAcquire().orElseThrow();
            assertThat(joined.fencingToken()).isEqualTo(write.fencingToken());
            assertThat(seen.writeLock().tryAcquire()).isEmpty();
            read.extend(Duration.ofSeconds(20)); // the read lease renews and releases as any reader's
            assertThat(read.release()).isTrue();
            assertThat(seen.writeLock().tryAcquire()).isEmpty();
            joined.close();
            Lease next = seen.writeLock().tryAcquire().orElseThrow();
            assertThat(next.fencingToken()).isGreaterThan(write.fencingToken());
            assertThatThrownBy(() -> rw.downgrade(write)).isInstanceOf(LockNotHeldException.class);
            next.close();
        }
    }

    @Test
    void aWaitingWriterGetsInOnlyAfterTheDowngradedReaderLeaves() throws Exception {
        try (Hasp other = connect()) {
            ReadWriteLock rw = hasp.readWriteLock("queue");
            Lease write = rw.writeLock().tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = other.readWriteLock("queue").writeLock()
                    .acquireAsync(Duration.ofMillis(WAIT_MS));
            Timing.await("the writer's intent", Duration.ofSeconds(10),
                    () -> Long.valueOf(1).equals(redis.command("ZCARD", "hasp:{queue}:rw:writing")));
            Lease read = rw.downgradeAsync(write).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(read.isValid()).isTrue();
            assertThat(other.readWriteLock("queue").readLock().tryAcquire())
                    .as("a waiting writer's intent still keeps new readers out").isEmpty();
            assertThat(waiting).isNotDone();
            read.close();
            Lease taken = waiting.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(taken.fencingToken()).isGreaterThan(read.fencingToken());
            taken.close();
        }
    }

    /** Writers that downgrade, plain writers and readers on three clients, with an in-test referee. */
    @Test
    void noWriterEverGetsInBetweenAWriteAndItsDowngradedRead() throws Exception {
        ReadWriteReferee referee = new ReadWriteReferee();
        WorkersOnClients.run(OneRedisPerClass::connect, 6, 15, Duration.ofMillis(WAIT_MS * 6), (client, worker) -> {
            ReadWriteLock rw = client.readWriteLock("stress");
            switch (worker % 3) {
                case 0 -> referee.writeThenRead(rw.writeLock().acquire(Duration.ofMillis(WAIT_MS * 3)),
                        rw::downgrade, 2);
                case 1 -> referee.write(rw.writeLock().acquire(Duration.ofMillis(WAIT_MS * 3)), 1);
                default -> referee.read(rw.readLock().acquire(Duration.ofMillis(WAIT_MS * 3)), 1);
            }
        });
        assertThat(referee.violations()).isZero();
        assertThat(referee.writes()).isEqualTo(60);
        assertThat(referee.reads()).isEqualTo(60);
    }

    @Test
    void onlyALiveWriteLeaseOfThisLockOnThisClientIsDowngraded() throws Exception {
        ReadWriteLock rw = hasp.readWriteLock("only");
        assertThatThrownBy(() -> rw.downgrade(null)).isInstanceOf(HaspArgumentException.class);
        Lease read = rw.readLock().tryAcquire().orElseThrow();
        assertThatThrownBy(() -> rw.downgrade(read)).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("writeLock()");
        read.close();
        Lease plain = hasp.lock("only").tryAcquire().orElseThrow();
        assertThatThrownBy(() -> rw.downgrade(plain)).isInstanceOf(HaspArgumentException.class);
        plain.close();
        Lease elsewhere = hasp.readWriteLock("elsewhere").writeLock().tryAcquire().orElseThrow();
        assertThatThrownBy(() -> rw.downgrade(elsewhere)).isInstanceOf(HaspArgumentException.class);
        assertThat(elsewhere.isValid()).as("a refused downgrade leaves the lease alone").isTrue();
        elsewhere.close();
        try (Hasp other = connect()) {
            Lease foreignClient = other.readWriteLock("only").writeLock().tryAcquire().orElseThrow();
            assertThatThrownBy(() -> rw.downgrade(foreignClient)).isInstanceOf(HaspArgumentException.class);
            foreignClient.close();
        }

        Lease gone = rw.writeLock().tryAcquire().orElseThrow();
        redis.command("DEL", "hasp:{only}:rw");
        assertThatThrownBy(() -> rw.downgrade(gone)).isInstanceOf(LockLostException.class);
        assertThat(gone.lost().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNotNull();
        assertThat(redis.command("EXISTS", "hasp:{only}:rw:readers")).as("no reader written").isEqualTo(0L);
        assertThat(rw.writeLock().tryAcquire()).as("nothing left behind").isPresent();
    }

    @Test
    void foreignDataAtTheReadersKeyRefusesTheDowngradeAndIsUntouched() {
        ReadWriteLock rw = hasp.readWriteLock("mixed");
        Lease write = rw.writeLock().tryAcquire().orElseThrow();
        redis.command("SET", "hasp:{mixed}:rw:readers", "someone's");
        assertThatThrownBy(() -> rw.downgrade(write)).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining("hasp:{mixed}:rw:readers");
        assertThat(redis.command("GET", "hasp:{mixed}:rw:readers")).isEqualTo("someone's");
        assertThat(redis.command("EXISTS", "hasp:{mixed}:rw")).as("the writer key stays").isEqualTo(1L);
        assertThat(write.release()).as("the write lease can still be released").isTrue();
    }

}
