package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.TestkitException;
import io.hasp.testkit.Timing;
import io.hasp.testkit.TlsRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, TLS on Redis Cluster: a cluster client seeded with {@code rediss://} URIs and a private CA takes, waits
 * for and releases a lock, with every connection it opens (commands and waiters' pub/sub, on whichever node owns the
 * slot) on the nodes' TLS ports. The nodes talk to each other over TLS too ({@code tls-cluster yes}), so
 * {@code CLUSTER SLOTS} hands a TLS client the TLS ports. Each node keeps its plain port for the testkit's own
 * administration, which is also how the test sees which port each Hasp connection came in on.
 */
class ClusterTlsIT {
    /** A JVM's first TLS handshake loads and warms up its crypto: seconds on a loaded machine. */
    private static final Duration SLOW_HANDSHAKE = Timing.scaled(Duration.ofSeconds(30));
    /** Where Redis looks for a node's cluster bus when told only its port. */
    private static final int BUS_OFFSET = 10_000;

    private static TlsRedis.PrivateCa ca;
    private static RedisCluster cluster;
    /** Each node's TLS port, by its plain port. */
    private static final Map<Integer, Integer> TLS_PORTS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        ca = new TlsRedis.PrivateCa("hasp-cluster-ca");
        Path stem = ca.issue(); // every node listens on 127.0.0.1, so one certificate serves them all
        TestkitException last = null;
        for (int attempt = 0; attempt < 3 && cluster == null; attempt++) {
            try {
                cluster = RedisCluster.start(3, builder -> {
                    // With tls-cluster the bus port defaults to the TLS port + 10000, but CLUSTER MEET (as the
                    // testkit sends it) assumes the plain port + 10000: so the plain port and its bus are fixed here.
                    int port = portWithFreeBus();
                    builder.port(port).config("cluster-port", Integer.toString(port + BUS_OFFSET));
                    TlsRedis.listenForTls(builder, ca, stem, freePort());
                    builder.config("tls-cluster", "yes").config("tls-replication", "yes");
                });
            } catch (TestkitException e) {
                TlsRedis.skipWithoutTls(e);
                last = e; // a TLS port was taken meanwhile
            }
        }
        if (cluster == null) {
            throw last;
        }
        for (RedisServer node : cluster.nodes()) {
            List<?> reply = (List<?>) node.command("CONFIG", "GET", "tls-port");
            TLS_PORTS.put(node.port(), Integer.parseInt((String) reply.get(1)));
        }
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        ca.close();
    }

    @Test
    void aClusterClientTrustingThePrivateCaLocksWaitsAndReleasesOverTls() throws Exception {
        try (Hasp holder = connect(ca.certificate()); Hasp waiter = connect(ca.certificate())) {
            Lease lease = holder.lock("tls-cluster").tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.lock("tls-cluster").acquireAsync(Duration.ofSeconds(10));
            RedisServer owner = cluster.nodeForKey("hasp:{tls-cluster}");
            Timing.await("the waiter listening at the lock's primary", Timing.scaled(Duration.ofSeconds(10)),
                    () -> clientsOf(owner).stream().anyMatch(client -> client.contains("cmd=ssubscribe")
                            || client.contains("cmd=subscribe")));
            assertThat(waiting).isNotDone();
            assertThat(owner.command("EXISTS", "hasp:{tls-cluster}")).isEqualTo(1L);

            assertThat(lease.release()).isTrue();
            waiting.get(10, TimeUnit.SECONDS).close();
            assertThat(owner.command("EXISTS", "hasp:{tls-cluster}")).isEqualTo(0L);
            for (RedisServer node : cluster.nodes()) {
                assertThat(clientsOf(node)).as("Hasp's connections to %s", node)
                        .allSatisfy(client -> assertThat(client).contains("laddr=127.0.0.1:" + TLS_PORTS.get(
                                node.port()) + " "));
            }
        }
    }

    @Test
    void aClusterClientTrustingAnotherCaIsRefusedWithTheReason() throws Exception {
        try (TlsRedis.PrivateCa other = new TlsRedis.PrivateCa("hasp-other-ca")) {
            assertThatThrownBy(() -> connect(other.certificate()).close())
                    .isInstanceOf(RedisTlsException.class).hasMessageContaining("certificate is not trusted");
        }
    }

    private static Hasp connect(Path trusted) {
        String[] seeds = cluster.nodes().subList(0, 2).stream()
                .map(node -> "rediss://127.0.0.1:" + TLS_PORTS.get(node.port())).toArray(String[]::new);
        return Hasp.builder().cluster(seeds).trustedCertificates(trusted).connectTimeout(SLOW_HANDSHAKE).build();
    }

    /** {@code CLIENT LIST} of {@code node} without the testkit's own asking connection (on the plain port). */
    private static List<String> clientsOf(RedisServer node) {
        return Arrays.stream(((String) node.command("CLIENT", "LIST")).split("\n")).map(String::trim)
                .filter(line -> !line.isEmpty() && !line.contains("cmd=client|list")).toList();
    }

    /** A free loopback port whose cluster bus port ({@code + 10000}) is free too. */
    private static int portWithFreeBus() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = freePort();
            if (port + BUS_OFFSET <= 65_535 && isFree(port + BUS_OFFSET)) {
                return port;
            }
        }
        throw new TestkitException("no free port with a free cluster bus port after 200 tries");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try {
            return TlsRedis.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
