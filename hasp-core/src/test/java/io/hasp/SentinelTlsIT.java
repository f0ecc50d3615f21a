package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisSentinels;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import io.hasp.testkit.TlsRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, TLS with Sentinel: a client given a {@code rediss-sentinel://} URI and a private CA asks the Sentinels over
 * TLS for the primary and reaches it over TLS too (Lettuce applies the URI's TLS to the data-node connections it makes
 * from the Sentinels' answer, and Hasp's trust settings to both). The group's processes keep their plain ports for the
 * testkit, which is how the test sees which port each of Hasp's connections came in on.
 */
class SentinelTlsIT {
    /** A JVM's first TLS handshake loads and warms up its crypto: seconds on a loaded machine. */
    private static final Duration SLOW_HANDSHAKE = Timing.scaled(Duration.ofSeconds(30));

    private static TlsRedis.PrivateCa ca;
    private static RedisSentinels group;

    @BeforeAll
    static void startGroup() throws Exception {
        ca = new TlsRedis.PrivateCa("hasp-sentinel-ca");
        group = RedisSentinels.startTls(ca);
    }

    @AfterAll
    static void stopGroup() throws Exception {
        if (group != null) {
            group.close();
        }
        ca.close();
    }

    @Test
    void aSentinelClientTrustingThePrivateCaLocksWaitsAndReleasesOverTls() throws Exception {
        assertThat(group.uri()).startsWith("rediss-sentinel://");
        try (Hasp holder = connect(ca.certificate()); Hasp waiter = connect(ca.certificate())) {
            Lease lease = holder.lock("tls-sentinel", MessageOnlyOptions.get()).tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.lock("tls-sentinel", MessageOnlyOptions.get())
                    .acquireAsync(Duration.ofMinutes(1)); // its timed re-checks are minutes away: only the notice wakes it
            RedisServer primary = group.primary();
            Timing.await("the waiter subscribed at the primary", Timing.scaled(Duration.ofSeconds(10)),
                    () -> clientsOf(primary).stream().anyMatch(client -> client.contains("cmd=subscribe")));
            assertThat(waiting).isNotDone();
            assertThat(primary.command("EXISTS", "hasp:{tls-sentinel}")).isEqualTo(1L);

            assertThat(lease.release()).isTrue();
            waiting.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS).close();
            assertThat(primary.command("EXISTS", "hasp:{tls-sentinel}")).isEqualTo(0L);
            assertThat(clientsOf(primary)).as("Hasp's connections to the primary %s", primary).isNotEmpty()
                    .allSatisfy(client -> assertThat(client)
                            .contains("laddr=127.0.0.1:" + group.tlsPort(primary) + " "));
        }
    }

    @Test
    void aSentinelClientTrustingAnotherCaIsRefusedWithTheReason() throws Exception {
        try (TlsRedis.PrivateCa other = new TlsRedis.PrivateCa("hasp-other-ca")) {
            assertThatThrownBy(() -> connect(other.certificate()).close())
                    .isInstanceOf(RedisTlsException.class).hasMessageContaining("certificate is not trusted");
        }
    }

    private static Hasp connect(Path trusted) {
        return Hasp.builder().uri(group.uri()).trustedCertificates(trusted).connectTimeout(SLOW_HANDSHAKE).build();
    }

    /** {@code CLIENT LIST} of {@code node} without the testkit's own asking connection (on the plain port). */
    private static List<String> clientsOf(RedisServer node) {
        return Arrays.stream(((String) node.command("CLIENT", "LIST")).split("\n")).map(String::trim)
                .filter(line -> !line.isEmpty() && !line.contains("cmd=client|list")).toList();
    }
}
