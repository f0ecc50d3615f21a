package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RespClient;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A wait survives its client's command connection being dropped: the failed attempt is retried within the caller's
 * wait (Lettuce reconnects in milliseconds), for the plain and the fair lock alike.
 */
class DroppedConnectionIT extends OneRedisWithProbe {
    private static final int ROUNDS = 5;

    @Test
    void aPlainWaitSurvivesItsCommandConnectionBeingKilled() throws Exception {
        survivesKilledConnection("dropped", false);
    }

    @Test
    void aFairWaitSurvivesItsCommandConnectionBeingKilled() throws Exception {
        survivesKilledConnection("dropped-fair", true);
    }

    private static void survivesKilledConnection(String name, boolean fair) throws Exception {
        try (Hasp holder = connect(); RespClient admin = redis.client()) {
            probe.exists(name); // opens the probe's own connection before the census
            Set<Long> others = normalClients(admin);
            try (Hasp waiter = connect()) {
                Lock held = fair ? holder.fairLock(name) : holder.lock(name);
                Lock waited = fair ? waiter.fairLock(name) : waiter.lock(name);
                String registry = fair ? "hasp:{" + name + "}:queue" : "hasp:{" + name + "}:waiters";
                for (int round = 0; round < ROUNDS; round++) {
                    Lease lease = held.tryAcquire().orElseThrow();
                    CompletableFuture<Lease> waiting;
                    if (fair) {
                        // Kill the waiter's command connection, then start the wait at once: its first attempt
                        // meets a connection that is down or reconnecting.
                        admin.command("CLIENT", "KILL", "ID", Long.toString(theOnlyNew(admin, others)));
                        waiting = waited.acquireAsync(Duration.ofSeconds(20));
                        Timing.await("the waiter queued", Duration.ofSeconds(10),
                                () -> waiting.isDone() || probe.zcard(registry) > 0);
                    } else {
                        waiting = waited.acquireAsync(Duration.ofSeconds(20));
                        Timing.await("the waiter registered", Duration.ofSeconds(10),
                                () -> probe.zcard(registry) > 0);
                        // Kill only the waiter's command connection, then free the lock at once: the waiter hears
                        // the release on its untouched pub/sub connection while its command connection reconnects.
                        admin.command("CLIENT", "KILL", "ID", Long.toString(theOnlyNew(admin, others)));
                    }
                    lease.release();
                    Lease got = waiting.get(Timing.scaled(Duration.ofSeconds(20)).toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(got.isValid()).isTrue();
                    Timing.await("released once the connection is back", Duration.ofSeconds(10), () -> {
                        try {
                            return got.release();
                        } catch (RedisUnavailableException reconnecting) {
                            return false;
                        }
                    });
                }
            }
        }
    }

    /** The one command connection that is not among {@code others}: the waiter's, once it is up. */
    private static long theOnlyNew(RespClient admin, Set<Long> others) {
        AtomicReference<Long> found = new AtomicReference<>();
        AtomicReference<Set<Long>> seen = new AtomicReference<>();
        try {
            Timing.await("the waiter's command connection", Duration.ofSeconds(10), () -> {
            Set<Long> now = normalClients(admin);
            now.removeAll(others);
            seen.set(now);
            if (now.size() != 1) {
                return false;
            }
            found.set(now.iterator().next());
            return true;
        });
        } catch (io.hasp.testkit.TestkitException e) {
            throw new AssertionError("not one new command connection: " + seen.get() + "\n"
                    + admin.command("CLIENT", "LIST"), e);
        }
        return found.get();
    }

    private static Set<Long> normalClients(RespClient admin) {
        Set<Long> ids = new HashSet<>();
        String list = String.valueOf(admin.command("CLIENT", "LIST", "TYPE", "normal"));
        for (String line : list.split("\n")) {
            if (line.contains(" cmd=unsubscribe ") || line.contains(" cmd=subscribe ")) {
                continue; // a RESP3 pub/sub connection with no channel left lists as a normal one
            }
            for (String field : line.trim().split(" ")) {
                if (field.startsWith("id=")) {
                    ids.add(Long.parseLong(field.substring(3)));
                }
            }
        }
        return ids;
    }
}
