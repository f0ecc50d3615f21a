package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, defect 3: a URI's password never appears in an exception message or in a log line at DEBUG or above,
 * whether the URI is malformed, the password is wrong, the server is down, or a Redlock node is unreachable.
 */
class PasswordRedactionIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    private static final String SECRET = "pw-ZQ7x-secret";
    private static final String WRONG = "pw-wrong-K31";

    @Test
    void badUrisAreQuotedWithoutTheirPassword() {
        try (CapturedLogs logs = new CapturedLogs()) {
            List<Throwable> failures = new ArrayList<>();
            for (String uri : List.of("redis://:" + SECRET + "@localhost:63x79", "redis://hasp:" + SECRET + "@host:0",
                    "http://hasp:" + SECRET + "@localhost:6379", "redis://:" + SECRET + "@localhost:6379/abc",
                    "redis://hasp:" + SECRET + "@localhost:6379/-1", "redis://:" + SECRET + "@[::1:6379",
                    "rediss://" + SECRET + "@localhost:70000")) {
                Throwable failure = catchThrowable(() -> Hasp.connect(uri));
                assertThat(failure).as(uri).isInstanceOf(HaspArgumentException.class);
                failures.add(failure);
                failures.add(catchThrowable(() -> Hasp.connect(uri, uri, uri)));
            }
            assertThat(failures.get(0)).hasMessageContaining("redis://:***@localhost:63x79");
            assertThat(failures.get(2)).hasMessageContaining("redis://hasp:***@host:0");
            assertThat(failures.get(4)).hasMessageContaining("http://hasp:***@localhost:6379");
            assertThat(failures.get(6)).hasMessageContaining("redis://:***@localhost:6379/abc");
            assertThat(failures.get(12)).hasMessageContaining("rediss://***@localhost:70000");
            assertNoSecret(failures, logs, SECRET);
        }
    }

    @Test
    void aBuilderGivenTwoUrisQuotesTheFirstWithoutItsPassword() {
        assertThatThrownBy(() -> Hasp.builder().uri("redis://hasp:" + SECRET + "@localhost:6379")
                .uri("redis://localhost:6380")).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("redis://hasp:***@localhost:6379").hasMessageNotContaining(SECRET);
    }

    @Test
    void connectingWithAPasswordLeaksItNowhere(RedisServer redis) {
        try (CapturedLogs logs = new CapturedLogs()) {
            redis.command("ACL", "SETUSER", "hasp", "on", ">" + SECRET, "~*", "&*", "+@all");
            List<Throwable> failures = new ArrayList<>();
            try (Hasp hasp = Hasp.connect("redis://hasp:" + SECRET + "@127.0.0.1:" + redis.port())) {
                hasp.lock("redacted").tryAcquire().orElseThrow().close();
            }
            failures.add(catchThrowable(() -> Hasp.connect("redis://hasp:" + WRONG + "@127.0.0.1:" + redis.port())));
            int closedPort;
            try (RedisServer gone = RedisServer.start()) {
                closedPort = gone.port();
            }
            failures.add(catchThrowable(() -> Hasp.builder().uri("redis://hasp:" + WRONG + "@127.0.0.1:" + closedPort)
                    .connectTimeout(Duration.ofSeconds(2)).build()));
            assertThat(failures).allMatch(f -> f instanceof HaspException);
            assertThat(logs.lines()).isNotEmpty();
            assertNoSecret(failures, logs, SECRET);
            assertNoSecret(failures, logs, WRONG);
        }
    }

    @Test
    void aRedlockClientLeaksNoNodePassword(RedisNodes nodes) throws InterruptedException {
        try (CapturedLogs logs = new CapturedLogs()) {
            List<String> uris = new ArrayList<>();
            for (RedisServer node : nodes.nodes()) {
                node.command("ACL", "SETUSER", "hasp", "on", ">" + SECRET, "~*", "&*", "+@all");
                uris.add("redis://hasp:" + SECRET + "@127.0.0.1:" + node.port());
            }
            nodes.node(2).stop();
            List<Throwable> failures = new ArrayList<>();
            // A majority answers and the third node is logged; DEBUG logging slows everything, hence the timeouts.
            try (Hasp hasp = Hasp.builder().uris(uris.toArray(String[]::new))
                    .redlock(RedlockOptions.builder().nodeTimeout(RedlockClients.NODE_TIMEOUT).build()).build()) {
                hasp.lock("redacted").tryAcquire(Duration.ofSeconds(10)).orElseThrow().close();
            }
            List<String> wrong = uris.stream().map(u -> u.replace(SECRET, WRONG)).toList();
            failures.add(catchThrowable(() -> Hasp.connect(wrong.toArray(String[]::new))));
            assertThat(failures.get(0)).isInstanceOf(HaspException.class);
            assertThat(logs.lines()).anyMatch(line -> line.contains("Redlock"));
            assertNoSecret(failures, logs, SECRET);
            assertNoSecret(failures, logs, WRONG);
        }
    }

    private static void assertNoSecret(List<Throwable> failures, CapturedLogs logs, String secret) {
        for (Throwable failure : failures) {
            assertThat(messages(failure)).as("exception messages").doesNotContain(secret);
        }
        assertThat(logs.lines()).as("log lines").noneMatch(line -> line.contains(secret));
    }

    /** The messages of a failure, its causes and its suppressed exceptions, and their string forms. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        List<Throwable> pending = new ArrayList<>(List.of(failure));
        while (!pending.isEmpty()) {
            Throwable t = pending.remove(0);
            all.append(t).append('\n');
            if (t.getCause() != null && t.getCause() != t) {
                pending.add(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return all.toString();
    }
}
