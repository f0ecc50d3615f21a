package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 10,000 waiters on 1,000 locks in one client, inside a 256 MB heap, all completing, over one pub/sub connection.
 * The waiters run in a child JVM started with {@code -Xmx256m}, so running out of memory fails the test.
 */
class WaiterMemoryIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    private static final int LOCKS = 1_000;
    private static final int WAITERS_PER_LOCK = 10;

    @Test
    void tenThousandWaitersFitIn256MegabytesOnOnePubSubConnection(RedisServer redis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ManyWaitersProcess.class.getName(), redis.uri(), Integer.toString(LOCKS),
                Integer.toString(WAITERS_PER_LOCK))).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(readUntil(out, "WAITING")).isEqualTo("WAITING " + LOCKS * WAITERS_PER_LOCK);
            // Every lock's waiters have asked once and subscribed: the whole client uses one pub/sub connection.
            Timing.await("waiters subscribed", Timing.scaled(Duration.ofSeconds(60)),
                    () -> channelCount(redis) == LOCKS);
            assertThat(pubSubConnections(redis)).isEqualTo(1);

            Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
            in.write("GO\n");
            in.flush();
            String done = readUntil(out, "DONE");
            assertThat(done).startsWith("DONE " + LOCKS * WAITERS_PER_LOCK + " ");
            assertThat(child.waitFor(Timing.scaled(Duration.ofSeconds(60)).toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly();
        }
    }

    /** The child's first line starting with {@code prefix}; on failure, the lines before it say why. */
    private static String readUntil(BufferedReader out, String prefix) throws java.io.IOException {
        StringBuilder before = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line.contains("OutOfMemoryError")) {
                throw new AssertionError("the waiters ran out of memory: " + line);
            }
            before.append(line).append('\n');
        }
        throw new AssertionError("the child exited before printing " + prefix + "; its output:\n" + before);
    }

    private static long channelCount(RedisServer redis) {
        return ((List<?>) redis.command("PUBSUB", "CHANNELS", "hasp:*")).size();
    }

    private static long pubSubConnections(RedisServer redis) {
        String clients = (String) redis.command("CLIENT", "LIST", "TYPE", "pubsub");
        return clients.lines().filter(l -> !l.isBlank()).count();
    }
}
