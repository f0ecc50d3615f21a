package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.Timing;
import io.hasp.testkit.TlsRedis;
import io.lettuce.core.RedisClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, TLS: a client trusts a private CA through the builder (a PKCS#12 truststore or a PEM file), not only
 * through JVM-wide properties, for one Redis and for Redlock nodes, waiters (pub/sub) included.
 */
class TlsIT {
    /** A JVM's first TLS handshake loads and warms up its crypto: seconds on a loaded machine. */
    private static final Duration SLOW_HANDSHAKE = Timing.scaled(Duration.ofSeconds(30));

    @Test
    void aClientTrustsAPrivateCaFromATrustStore() throws Exception {
        try (TlsRedis.PrivateCa ca = new TlsRedis.PrivateCa("hasp-private-ca"); TlsRedis tls = TlsRedis.start(ca);
             Hasp holder = Hasp.builder().uri(tls.tlsUri()).trustStore(ca.trustStore(), TlsRedis.TRUSTSTORE_PASSWORD)
                     .connectTimeout(SLOW_HANDSHAKE).build();
             Hasp waiter = Hasp.builder().uri(tls.tlsUri()).trustedCertificates(ca.certificate())
                     .connectTimeout(SLOW_HANDSHAKE).build()) {
            Lease lease = holder.lock("tls").tryAcquire().orElseThrow();
            CompletableFuture<Lease> waiting = waiter.lock("tls").acquireAsync(Duration.ofSeconds(10));
            assertThat(waiting).isNotDone();
            assertThat(lease.release()).isTrue();
            waiting.get(10, TimeUnit.SECONDS).close();
            assertThat(tls.server().command("EXISTS", "hasp:{tls}")).isEqualTo(0L);
        }
    }

    @Test
    void anotherCaIsNotTrusted() throws Exception {
        try (TlsRedis.PrivateCa ca = new TlsRedis.PrivateCa("hasp-private-ca");
             TlsRedis.PrivateCa other = new TlsRedis.PrivateCa("hasp-other-ca"); TlsRedis tls = TlsRedis.start(ca)) {
            assertThatThrownBy(() -> Hasp.builder().uri(tls.tlsUri()).trustedCertificates(other.certificate())
                    .connectTimeout(SLOW_HANDSHAKE).build())
                    .isInstanceOf(RedisTlsException.class).hasMessageContaining("certificate is not trusted");
        }
    }

    @Test
    void aRedlockClientTrustsAPrivateCaForEveryNode() throws Exception {
        List<TlsRedis> nodes = new ArrayList<>();
        try (TlsRedis.PrivateCa ca = new TlsRedis.PrivateCa("hasp-redlock-ca")) {
            for (int i = 0; i < 3; i++) {
                nodes.add(TlsRedis.start(ca));
            }
            String[] uris = nodes.stream().map(TlsRedis::tlsUri).toArray(String[]::new);
            try (Hasp holder = redlockTrusting(ca, uris); Hasp waiter = redlockTrusting(ca, uris)) {
                Lease lease = holder.lock("tls-redlock").acquire(Duration.ofSeconds(10));
                CompletableFuture<Lease> waiting = waiter.lock("tls-redlock").acquireAsync(Duration.ofSeconds(10));
                assertThat(waiting).isNotDone();
                assertThat(lease.release()).isTrue();
                waiting.get(10, TimeUnit.SECONDS).close();
                // A Redlock release answers once a majority settled it; the last node may apply it a moment later.
                Timing.await("released on every node", Timing.scaled(Duration.ofSeconds(5)), () -> nodes.stream()
                        .allMatch(node -> (Long) node.server().command("EXISTS", "hasp:{tls-redlock}") == 0L));
            }
        } finally {
            nodes.forEach(TlsRedis::close);
        }
    }

    private static Hasp redlockTrusting(TlsRedis.PrivateCa ca, String[] uris) {
        return Hasp.builder().uris(uris).trustedCertificates(ca.certificate()).connectTimeout(SLOW_HANDSHAKE)
                .redlock(RedlockOptions.builder().nodeTimeout(RedlockClients.NODE_TIMEOUT).build()).build();
    }

    @Test
    void trustSettingsAreCheckedWhenGiven() throws Exception {
        try (TlsRedis.PrivateCa ca = new TlsRedis.PrivateCa("hasp-private-ca")) {
            assertThatThrownBy(() -> Hasp.builder().trustStore(ca.trustStore(), "wrong-pw-91".toCharArray()))
                    .isInstanceOf(HaspArgumentException.class).hasMessageContaining("truststore.p12")
                    .hasMessageNotContaining("wrong-pw-91");
            assertThatThrownBy(() -> Hasp.builder().trustedCertificates(ca.certificate().resolveSibling("none.crt")))
                    .isInstanceOf(HaspArgumentException.class).hasMessageContaining("none.crt");
            Path empty = Files.writeString(ca.certificate().resolveSibling("empty.crt"), "");
            assertThatThrownBy(() -> Hasp.builder().trustedCertificates(empty))
                    .isInstanceOf(HaspArgumentException.class).hasMessageContaining("no certificate");
            RedisClient own = RedisClient.create();
            try {
                assertThatThrownBy(() -> Hasp.builder().redisClient(own).trustedCertificates(ca.certificate()).build())
                        .isInstanceOf(HaspArgumentException.class).hasMessageContaining("SslOptions");
            } finally {
                own.shutdown();
            }
        }
    }
}
