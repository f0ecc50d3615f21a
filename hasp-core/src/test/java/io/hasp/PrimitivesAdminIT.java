package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** {@link LockAdmin} on semaphores, read-write locks and elections: inspect, list, force-release, input. */
class PrimitivesAdminIT extends OneRedisPerClass {
    private static final long WAIT_MS = Timing.scaled(Duration.ofSeconds(10)).toMillis();

    @Test
    void inspectShowsASemaphoresCountHoldersQueueAndFenceByTokenPrefixOnly() throws Exception {
        assertThat(hasp.admin().inspectSemaphore("pool")).isEmpty();
        Semaphore pool = hasp.semaphore("pool", 3);
        Lease two = pool.tryAcquire(2).orElseThrow();
        Lease one = pool.tryAcquire(1).orElseThrow();
        CompletableFuture<Lease> queued = pool.acquireAsync(2, Duration.ofMillis(WAIT_MS));
        awaitCondition(() -> hasp.admin().inspectSemaphore("pool").orElseThrow().queued() == 1);

        SemaphoreInfo info = hasp.admin().inspectSemaphore("pool").orElseThrow();
        assertThat(info.key()).isEqualTo("hasp:{pool}:semaphore");
        assertThat(info.permits()).hasValue(3);
        assertThat(info.permitsHeld()).isEqualTo(3);
        assertThat(info.fence()).hasValue(one.fencingToken());
        assertThat(info.foreignData()).isFalse();
        assertThat(info.holders()).extracting(HolderInfo::tokenPrefix)
                .containsExactlyInAnyOrder(two.tokenPrefix(), one.tokenPrefix());
        assertThat(info.holders()).extracting(HolderInfo::permits).containsExactlyInAnyOrder(2, 1);
        assertThat(info.holders()).allSatisfy(holder -> {
            assertThat(holder.tokenPrefix()).hasSize(8);
            assertThat(holder.remaining()).isPositive().isLessThanOrEqualTo(pool.options().leaseTime());
        });
        assertThat(info.toString()).doesNotContain(fullToken("pool", "semaphore"));

        two.close();
        one.close();
        queued.get(WAIT_MS, TimeUnit.MILLISECONDS).close();
        assertThat(hasp.admin().inspectSemaphore("pool")).hasValueSatisfying(after -> {
            assertThat(after.holders()).isEmpty();
            assertThat(after.permits()).as("the count stays stored").hasValue(3);
        });
    }

    @Test
    void inspectShowsAReadWriteLocksWriterReadersAndWaitingWriter() throws Exception {
        assertThat(hasp.admin().inspectReadWriteLock("doc")).isEmpty();
        ReadWriteLock rw = hasp.readWriteLock("doc");
        Lease write = rw.writeLock().tryAcquire().orElseThrow();
        ReadWriteLockInfo writing = hasp.admin().inspectReadWriteLock("doc").orElseThrow();
        assertThat(writing.key()).isEqualTo("hasp:{doc}:rw");
        assertThat(writing.writer()).hasValueSatisfying(
                w -> assertThat(w.tokenPrefix()).isEqualTo(write.tokenPrefix()));
        assertThat(writing.readers()).isEmpty();
        assertThat(writing.fence()).hasValue(write.fencingToken());

        Lease read = rw.downgrade(write);
        Lease other = rw.readLock().tryAcquire().orElseThrow();
        CompletableFuture<Lease> writer = rw.writeLock().acquireAsync(Duration.ofMillis(WAIT_MS));
        awaitCondition(() -> hasp.admin().inspectReadWriteLock("doc").orElseThrow().writersWaiting() == 1);
        ReadWriteLockInfo reading = hasp.admin().inspectReadWriteLock("doc").orElseThrow();
        assertThat(reading.writer()).isEmpty();
        assertThat(reading.readers()).extracting(HolderInfo::tokenPrefix)
                .containsExactlyInAnyOrder(read.tokenPrefix(), other.tokenPrefix());
        assertThat(reading.toString()).doesNotContain(fullToken("doc", "rw:readers"));
        read.close();
        other.close();
        writer.get(WAIT_MS, TimeUnit.MILLISECONDS).close();
    }

    @Test
    void inspectShowsAnElectionsLeaderAndEpoch() throws Exception {
        assertThat(hasp.admin().inspectElection("jobs")).isEmpty();
        try (LeaderElection participant = hasp.leaderElection("jobs")) {
            Leadership term = participant.campaign().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            LockInfo info = hasp.admin().inspectElection("jobs").orElseThrow();
            assertThat(info.key()).isEqualTo("hasp:{jobs}:leader");
            assertThat(info.held()).isTrue();
            assertThat(info.holderTokenPrefix()).hasSize(8);
            assertThat(info.fence()).hasValue(term.epoch());
            assertThat(hasp.admin().inspect("jobs")).as("the lock of the same name is apart").isEmpty();
        }
    }

    @Test
    void listingNamesEachKindApart() throws Exception {
        hasp.lock("plain").tryAcquire().orElseThrow();
        hasp.semaphore("pool", 2).tryAcquire(1).orElseThrow();
        hasp.semaphore("idle", 2).setPermits(4); // no holder, but its count is stored
        hasp.readWriteLock("doc").readLock().tryAcquire().orElseThrow();
        hasp.readWriteLock("page").writeLock().tryAcquire().orElseThrow();
        try (LeaderElection participant = hasp.leaderElection("jobs")) {
            participant.campaign().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            redis.command("SET", "hasp:{bad\n}:semaphore", "x");
            LockListing listing = hasp.admin().listing(100);
            assertThat(listing.names()).containsExactly("plain");
            assertThat(listing.semaphores()).containsExactly("idle", "pool");
            assertThat(listing.readWriteLocks()).containsExactly("doc", "page");
            assertThat(listing.elections()).containsExactly("jobs");
            assertThat(listing.unmappedKeys()).containsExactly("hasp:{bad\n}:semaphore");
            assertThat(hasp.admin().listing(1).semaphores()).containsExactly("idle");
        }
    }

    @Test
    void forceReleaseEndsEveryPermitLeaseAndKeepsTheCount() throws Exception {
        try (Hasp watched = Hasp.builder().uri(redis.uri()).connectTimeout(Timing.scaled(Duration.ofSeconds(10)))
                .defaultOptions(LockOptions.builder().watchdog(Duration.ofMillis(600)).build()).build()) {
            Semaphore pool = watched.semaphore("stuck", 2);
            Lease first = pool.tryAcquire(1).orElseThrow();
            Lease second = pool.tryAcquire(1).orElseThrow();
            assertThat(hasp.admin().forceReleaseSemaphore("stuck")).isEqualTo(2);
            assertThat(first.lost().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNotNull();
            assertThat(second.lost().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNotNull();
            assertThat(redis.command("GET", "hasp:{stuck}:semaphore:permits")).isEqualTo("2");
            Lease next = hasp.semaphore("stuck", 2).tryAcquire(2).orElseThrow();
            assertThat(next.fencingToken()).isGreaterThan(second.fencingToken());
            next.close();
            assertThat(hasp.admin().forceReleaseSemaphore("stuck")).isZero();
        }
    }

    @Test
    void forceReleaseEndsTheWriterAndReadersAndWakesAWaitingWriter() throws Exception {
        try (Hasp watched = Hasp.builder().uri(redis.uri()).connectTimeout(Timing.scaled(Duration.ofSeconds(10)))
                .defaultOptions(LockOptions.builder().watchdog(Duration.ofMillis(600)).build()).build()) {
            ReadWriteLock rw = watched.readWriteLock("stuck");
            Lease reader = rw.readLock().tryAcquire().orElseThrow();
            Lease another = rw.readLock().tryAcquire().orElseThrow();
            CompletableFuture<Lease> writer = watched.readWriteLock("stuck").writeLock()
                    .acquireAsync(Duration.ofMillis(WAIT_MS));
            awaitCondition(() -> hasp.admin().inspectReadWriteLock("stuck").orElseThrow().writersWaiting() == 1);
            assertThat(hasp.admin().forceReleaseReadWriteLock("stuck")).isEqualTo(2);
            Lease write = writer.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(reader.lost().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNotNull();
            assertThat(another.lost().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNotNull();
            assertThat(hasp.admin().forceReleaseReadWriteLock("stuck")).isEqualTo(1);
            assertThat(write.lost().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNotNull();
        }
    }

    @Test
    void forceReleaseDeposesTheLeaderAndTheNextIsElectedWithAHigherEpoch() throws Exception {
        try (Hasp watched = Hasp.builder().uri(redis.uri()).connectTimeout(Timing.scaled(Duration.ofSeconds(10)))
                .defaultOptions(LockOptions.builder().watchdog(Duration.ofMillis(600)).build()).build();
                LeaderElection first = watched.leaderElection("jobs");
                LeaderElection second = hasp.leaderElection("jobs")) {
            Leadership deposed = first.campaign().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            CompletableFuture<Leadership> next = second.campaign().toCompletableFuture();
            assertThat(hasp.admin().forceReleaseElection("jobs")).isTrue();
            assertThat(deposed.revoked().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isNotNull();
            Leadership taken = next.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(taken.epoch()).isGreaterThan(deposed.epoch());
        }
    }

    @Test
    void foreignDataIsReportedAndNeverDeleted() {
        redis.command("SET", "hasp:{f}:semaphore", "someone's");
        assertThat(hasp.admin().inspectSemaphore("f")).hasValueSatisfying(info -> {
            assertThat(info.foreignData()).isTrue();
            assertThat(info.holders()).isEmpty();
        });
        assertThatThrownBy(() -> hasp.admin().forceReleaseSemaphore("f")).isInstanceOf(KeyConflictException.class);
        redis.command("ZADD", "hasp:{g}:rw:readers", "99999999999999", "not-a-token");
        assertThat(hasp.admin().inspectReadWriteLock("g")).hasValueSatisfying(
                info -> assertThat(info.foreignData()).isTrue());
        assertThatThrownBy(() -> hasp.admin().forceReleaseReadWriteLock("g"))
                .isInstanceOf(KeyConflictException.class).hasMessageContaining("hasp:{g}:rw:readers");
        redis.command("HSET", "hasp:{h}:leader", "a", "1");
        assertThat(hasp.admin().inspectElection("h")).hasValueSatisfying(
                info -> assertThat(info.foreignData()).isTrue());
        assertThatThrownBy(() -> hasp.admin().forceReleaseElection("h")).isInstanceOf(KeyConflictException.class);
        assertThat(redis.command("GET", "hasp:{f}:semaphore")).isEqualTo("someone's");
        assertThat(redis.command("ZSCORE", "hasp:{g}:rw:readers", "not-a-token")).isEqualTo("99999999999999");
        assertThat(redis.command("HGET", "hasp:{h}:leader", "a")).isEqualTo("1");
        assertThat(redis.command("DBSIZE")).isEqualTo(3L);
    }

    @Test
    void badNamesAreRefusedAndWriteNothing() {
        LockAdmin admin = hasp.admin();
        for (String bad : new String[] {null, " ", "a{b}", "x".repeat(Hasp.MAX_NAME_BYTES + 1)}) {
            assertThatThrownBy(() -> admin.inspectSemaphore(bad)).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> admin.inspectReadWriteLock(bad)).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> admin.inspectElection(bad)).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> admin.forceReleaseSemaphore(bad)).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> admin.forceReleaseReadWriteLock(bad)).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> admin.forceReleaseElection(bad)).isInstanceOf(HaspArgumentException.class);
        }
        assertThat(redis.command("DBSIZE")).isEqualTo(0L);
    }

    /** Some holder's whole token, read from Redis: what inspect must never show. */
    private static String fullToken(String name, String kind) {
        Object members = redis.command("ZRANGE", "hasp:{" + name + "}:" + kind, "0", "0");
        return String.valueOf(((java.util.List<?>) members).get(0));
    }

    private static void awaitCondition(BooleanSupplier condition) {
        Timing.await("the state in Redis", Duration.ofSeconds(10), condition);
    }
}
