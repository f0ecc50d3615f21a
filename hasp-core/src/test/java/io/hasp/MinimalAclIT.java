package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ACL that the README documents is enough for every lock feature, the other primitives and their admin: it is
 * read from the README itself.
 */
class MinimalAclIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    @Test
    void theDocumentedAclCoversEveryFeature(RedisServer redis) throws Exception {
        List<String> setUser = new ArrayList<>(Arrays.asList(readmeAclLine().split("\\s+")));
        assertThat(setUser.subList(0, 2)).containsExactly("ACL", "SETUSER");
        redis.command(setUser.toArray(String[]::new));
        String uri = "redis://" + setUser.get(2) + ":secret@127.0.0.1:" + redis.port();
        Duration connectTimeout = Timing.scaled(Duration.ofSeconds(10)); // a loaded machine connects slowly
        try (Hasp holder = Hasp.builder().uri(uri).connectTimeout(connectTimeout).build();
                Hasp waiter = Hasp.builder().uri(uri).connectTimeout(connectTimeout).build()) {
            Lease lease = holder.lock("acl").tryAcquire().orElseThrow();
            lease.extend(Duration.ofSeconds(20));
            CompletableFuture<Lease> waiting = waiter.lock("acl").acquireAsync(Duration.ofSeconds(10));
            assertThat(waiting).isNotDone();
            assertThat(lease.release()).isTrue();
            waiting.get(10, TimeUnit.SECONDS).close();

            Lease fair = holder.fairLock("acl-fair").tryAcquire().orElseThrow();
            CompletableFuture<Lease> fairWaiter = waiter.fairLock("acl-fair").acquireAsync(Duration.ofSeconds(10));
            fair.release();
            fairWaiter.get(10, TimeUnit.SECONDS).close();

            holder.lock("listed").tryAcquire().orElseThrow();
            assertThat(holder.admin().list(10)).contains("listed");

            // The other primitives and their admin: the same ACL.
            Semaphore semaphore = holder.semaphore("acl-s", 2);
            Lease permits = semaphore.tryAcquire(2).orElseThrow();
            CompletableFuture<Lease> permitWaiter = waiter.semaphore("acl-s", 2)
                    .acquireAsync(1, Duration.ofSeconds(10));
            semaphore.setPermits(3);
            permitWaiter.get(10, TimeUnit.SECONDS).close();
            assertThat(holder.admin().inspectSemaphore("acl-s").orElseThrow().permitsHeld()).isEqualTo(2);
            ReadWriteLock rw = holder.readWriteLock("acl-rw");
            Lease read = rw.downgrade(rw.writeLock().tryAcquire().orElseThrow());
            assertThat(holder.admin().inspectReadWriteLock("acl-rw").orElseThrow().readers()).hasSize(1);
            assertThat(holder.admin().listing(10).semaphores()).containsExactly("acl-s");
            assertThat(holder.admin().forceReleaseSemaphore("acl-s")).isEqualTo(1);
            assertThat(holder.admin().forceReleaseReadWriteLock("acl-rw")).isEqualTo(1);
            assertThat(permits.release()).isFalse();
            assertThat(read.release()).isFalse();
            try (LeaderElection election = holder.leaderElection("acl-e")) {
                election.campaign().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(holder.admin().inspectElection("acl-e").orElseThrow().held()).isTrue();
            }
        }
    }

    private static String readmeAclLine() throws IOException {
        return readmeAclLines().get(0);
    }

    /** Every {@code ACL SETUSER} line of the README, in order: the base user, then what a cluster adds. */
    static List<String> readmeAclLines() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(l -> l.startsWith("ACL SETUSER")).toList();
        if (lines.isEmpty()) {
            throw new AssertionError("README.md documents no ACL SETUSER line");
        }
        return lines;
    }
}
