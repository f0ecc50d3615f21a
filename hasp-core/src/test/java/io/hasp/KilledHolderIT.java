package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nothing renews the lock of a holder killed with SIGKILL: it frees itself within one lease time. */
class KilledHolderIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    private static final long LEASE_MS = 1_500;

    @Test
    void anotherClientAcquiresWithinOneLeaseTimeOfTheKill(RedisServer redis) throws Exception {
        // The first connect of a fresh JVM on a loaded machine may take the scaled time (classes load, threads start).
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).connectTimeout(Timing.scaled(Duration.ofSeconds(10)))
                .build()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process holder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    HolderProcess.class.getName(), redis.uri(), "killed", Long.toString(LEASE_MS)))
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(
                        new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                String line;
                StringBuilder before = new StringBuilder();
                while ((line = out.readLine()) != null && !line.startsWith("HELD")) {
                    before.append(line).append('\n'); // the child's log lines, shown if it never holds the lock
                }
                assertThat(line).as("child reported holding the lock; its output:%n%s", before).startsWith("HELD");
                long childFence = Long.parseLong(line.substring(5).trim());
                // The child's watchdog renews every third of the lease: renewed four times, the lock has outlived
                // the lease it was taken with, and it lives on while the child does.
                awaitRenewals(redis, "hasp:{killed}", 4);
                assertThat(hasp.lock("killed").tryAcquire()).isEmpty();

                long killedAt = System.nanoTime();
                holder.destroyForcibly().waitFor();
                Lease lease = hasp.lock("killed").acquire(Timing.scaled(Duration.ofSeconds(10)));
                long took = System.nanoTime() - killedAt;
                assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofMillis(LEASE_MS)
                        .plus(Timing.scaled(Duration.ofMillis(500))));
                assertThat(lease.fencingToken()).isGreaterThan(childFence);
                lease.close();
            } finally {
                holder.destroyForcibly();
            }
        }
    }

    /** Waits until the remaining time of {@code key} has gone up {@code count} times: each rise is a renewal. */
    private static void awaitRenewals(RedisServer redis, String key, int count) {
        long[] last = {(Long) redis.command("PTTL", key)};
        int[] renewals = {0};
        Timing.await(count + " renewals of " + key, Duration.ofSeconds(10), () -> {
            long remaining = (Long) redis.command("PTTL", key);
            if (remaining > last[0]) {
                renewals[0]++;
            }
            last[0] = remaining;
            return renewals[0] >= count;
        });
    }
}
