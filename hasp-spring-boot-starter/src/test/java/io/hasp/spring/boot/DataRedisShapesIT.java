package io.hasp.spring.boot;

import static io.hasp.spring.boot.StarterContexts.messages;
import static io.hasp.spring.boot.StarterContexts.runner;
import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.Hasp;
import io.hasp.Lease;
import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisSentinels;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import io.hasp.testkit.TlsRedis;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The spring.data.redis shapes beyond one plain Redis, each against its testkit deployment: a Sentinel-watched
 * primary, a Redis Cluster, and TLS whose trust comes from a named SSL bundle.
 */
class DataRedisShapesIT {
    /** A JVM's first TLS handshake loads and warms up its crypto: seconds on a loaded machine. */
    private static final String SLOW_CONNECT = "hasp.connect-timeout="
            + Timing.scaled(Duration.ofSeconds(30)).toSeconds() + "s";

    @Test
    void sentinelSettingsGiveAClientOnTheirPrimaryAndAnUnknownMasterFailsStartUp() {
        try (RedisSentinels group = RedisSentinels.start()) {
            String nodes = group.sentinels().stream().map(s -> s.host() + ":" + s.port())
                    .collect(Collectors.joining(","));
            runner().withPropertyValues("spring.data.redis.sentinel.master=" + RedisSentinels.MASTER_NAME,
                    "spring.data.redis.sentinel.nodes=" + nodes, "spring.data.redis.database=2").run(context -> {
                        Hasp hasp = context.getBean(Hasp.class);
                        try (Lease lease = hasp.lock("via-sentinel").acquire(Duration.ofSeconds(5));
                                Hasp other = Hasp.connect(group.uri().replace("#", "/2#"))) {
                            assertThat(other.lock("via-sentinel").tryAcquire()).isEmpty();
                            assertThat(group.primary().command("EXISTS", "hasp:{via-sentinel}")).isEqualTo(0L);
                            try (var client = group.primary().client()) {
                                client.command("SELECT", "2");
                                assertThat(client.command("EXISTS", "hasp:{via-sentinel}")).isEqualTo(1L);
                            }
                            assertThat(lease.release()).isTrue();
                        }
                        assertUp(context);
                    });
            runner().withPropertyValues("spring.data.redis.sentinel.master=nosuchmaster",
                    "spring.data.redis.sentinel.nodes=" + nodes).run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(messages(context.getStartupFailure())).contains("'nosuchmaster'");
                    });
        }
    }

    @Test
    void clusterNodesGiveAClusterClientWhoseLocksLiveOnTheirSlotsPrimary() {
        try (RedisCluster cluster = RedisCluster.start()) {
            RedisServer seed = cluster.node(1);
            runner().withPropertyValues("spring.data.redis.cluster.nodes=" + seed.host() + ":" + seed.port())
                    .run(context -> {
                        Hasp hasp = context.getBean(Hasp.class);
                        Map<RedisServer, String> namesByPrimary = new HashMap<>();
                        for (int i = 0; namesByPrimary.size() < cluster.primaries().size(); i++) {
                            namesByPrimary.putIfAbsent(cluster.nodeForKey("hasp:{spread-" + i + "}"), "spread-" + i);
                        }
                        try (Hasp other = Hasp.builder().cluster(cluster.uris().get(0)).build()) {
                            for (Map.Entry<RedisServer, String> entry : namesByPrimary.entrySet()) {
                                try (Lease lease = hasp.lock(entry.getValue()).tryAcquire().orElseThrow()) {
                                    assertThat(entry.getKey().command("EXISTS", "hasp:{" + entry.getValue() + "}"))
                                            .isEqualTo(1L);
                                    assertThat(other.lock(entry.getValue()).tryAcquire()).isEmpty();
                                    assertThat(lease.release()).isTrue();
                                }
                            }
                        }
                        assertUp(context);
                    });
        }
    }

    @Test
    void aNamedSslBundleIsTheTrustOfTheTlsConnectionAndAnotherCaIsRefused() throws Exception {
        try (TlsRedis.PrivateCa ca = new TlsRedis.PrivateCa("hasp-starter-ca");
                TlsRedis.PrivateCa other = new TlsRedis.PrivateCa("hasp-other-ca"); TlsRedis tls = TlsRedis.start(ca)) {
            tlsRunner(tls, ca).run(context -> {
                try (Lease lease = context.getBean(Hasp.class).lock("over-tls").tryAcquire().orElseThrow()) {
                    assertThat(tls.server().command("EXISTS", "hasp:{over-tls}")).isEqualTo(1L);
                    assertThat(lease.release()).isTrue();
                }
                assertUp(context);
            });
            tlsRunner(tls, other).run(context -> {
                assertThat(context).hasFailed();
                assertThat(messages(context.getStartupFailure())).contains("certificate is not trusted");
            });
        }
    }

    private static ApplicationContextRunner tlsRunner(TlsRedis tls, TlsRedis.PrivateCa trusted) {
        return runner().withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class)).withPropertyValues(
                "spring.ssl.bundle.pem.redis.truststore.certificate=" + trusted.certificate().toUri(),
                "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + URI.create(tls.tlsUri()).getPort(),
                "spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=redis", SLOW_CONNECT);
    }

    private static void assertUp(AssertableApplicationContext context) {
        assertThat(context.getBean(HaspHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
    }
}
