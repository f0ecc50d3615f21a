package io.hasp.spring.boot;

import static io.hasp.spring.boot.StarterContexts.haspOnlyRunner;
import static io.hasp.spring.boot.StarterContexts.messages;
import static io.hasp.spring.boot.StarterContexts.refusal;
import static io.hasp.spring.boot.StarterContexts.runner;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyStore;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * A bad setting fails start-up before anything connects, naming the property; the URIs point at a closed port, so
 * a test that got as far as connecting would fail with a connection error instead.
 */
class StarterValidationTest {
    private static final String NOWHERE = "hasp.redis.uris=redis://127.0.0.1:1";

    @Test
    void aDurationThatDoesNotParseIsABindingErrorNamingTheProperty() {
        haspOnlyRunner().withPropertyValues(NOWHERE, "hasp.lease-time=five seconds").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("hasp.lease-time").contains("five seconds");
        });
    }

    @Test
    void eachOutOfRangeSettingIsRefusedNamingItsProperty() {
        assertRefused("hasp.lease-time", "leaseTime", "hasp.lease-time=5ms");
        assertRefused("hasp.watchdog-lease-time", "watchdogLeaseTime", "hasp.watchdog-lease-time=8d");
        assertRefused("hasp.renew-interval", "renewInterval", "hasp.renew-interval=30s");
        assertRefused("hasp.waiter-heartbeat", "waiterHeartbeat", "hasp.waiter-heartbeat=10ms");
        assertRefused("hasp.command-timeout", "commandTimeout", "hasp.command-timeout=0s");
        assertRefused("hasp.connect-timeout", "connectTimeout", "hasp.connect-timeout=1h");
        assertRefused("hasp.backoff", "backoff max", "hasp.backoff.initial=1s", "hasp.backoff.max=10ms");
        assertRefused("hasp.namespace", "namespace", "hasp.namespace=app{1}:");
        assertRefused("hasp.redis.node-timeout", "nodeTimeout", "hasp.redis.node-timeout=11s");
    }

    @Test
    void aBadUriIsRefusedWithItsPasswordRedacted() {
        haspOnlyRunner().withPropertyValues("hasp.redis.uris=http://app:s3cret@127.0.0.1:6379").run(context -> {
            InvalidConfigurationPropertyValueException refused = refusal(context.getStartupFailure());
            assertThat(refused.getName()).isEqualTo("hasp.redis.uris");
            assertThat(refused.getMessage()).contains("redis://").contains("app:***@127.0.0.1:6379");
            assertThat(messages(context.getStartupFailure())).doesNotContain("s3cret");
        });
    }

    @Test
    void twoUrisAreRefusedAsNoMajority() {
        haspOnlyRunner().withPropertyValues("hasp.redis.uris=redis://127.0.0.1:1,redis://127.0.0.1:2").run(context -> {
            InvalidConfigurationPropertyValueException refused = refusal(context.getStartupFailure());
            assertThat(refused.getName()).isEqualTo("hasp.redis.uris");
        });
    }

    @Test
    void masterReplicaADuplicateClusterSeedAndABundleWithAKeyStoreAreRefusedNamingTheSetting() throws Exception {
        assertRefused("spring.data.redis.masterreplica.nodes", "master/replica",
                "spring.data.redis.masterreplica.nodes=127.0.0.1:1,127.0.0.1:2");
        assertRefused("spring.data.redis.cluster.nodes", "twice",
                "spring.data.redis.cluster.nodes=127.0.0.1:1,127.0.0.1:1");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        SslBundle clientCertificate = SslBundle.of(SslStoreBundle.of(keyStore, "pw", null));
        // Boot's own Redis client needs the named bundle to exist before Hasp is asked.
        runner().withBean(SslBundles.class, () -> new DefaultSslBundleRegistry("client", clientCertificate))
                .withPropertyValues("spring.data.redis.port=1", "spring.data.redis.ssl.enabled=true",
                        "spring.data.redis.ssl.bundle=client")
                .run(context -> {
                    InvalidConfigurationPropertyValueException refused = refusal(context.getStartupFailure());
                    assertThat(refused.getName()).isEqualTo("spring.data.redis.ssl.bundle");
                    assertThat(refused.getMessage()).contains("client certificates");
                });
        runner().withBean(SslBundles.class, () -> new DefaultSslBundleRegistry("empty", SslBundle.of(null)))
                .withPropertyValues("spring.data.redis.port=1", "spring.data.redis.ssl.enabled=true",
                        "spring.data.redis.ssl.bundle=empty")
                .run(context -> assertThat(refusal(context.getStartupFailure()).getMessage())
                        .contains("no trust store"));
    }

    @Test
    void lettuceOlderThan7FailsStartUpSayingHowToFixIt() {
        haspOnlyRunner().withClassLoader(new FilteredClassLoader(LettuceCheck.LETTUCE_7_CLASS))
                .withPropertyValues(NOWHERE).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("Hasp needs Lettuce 7 or newer")
                            .contains("lettuce.version");
                });
    }

    private static void assertRefused(String property, String reason, String... settings) {
        boolean dataRedis = settings[0].startsWith("spring.data.redis");
        ApplicationContextRunner runner = dataRedis ? runner() : haspOnlyRunner();
        runner.withPropertyValues(dataRedis ? settings : append(settings, NOWHERE)).run(context -> {
            InvalidConfigurationPropertyValueException refused = refusal(context.getStartupFailure());
            assertThat(refused.getName()).as(String.join(" ", settings)).isEqualTo(property);
            assertThat(refused.getMessage()).contains(reason);
        });
    }

    private static String[] append(String[] settings, String more) {
        String[] all = Arrays.copyOf(settings, settings.length + 1);
        all[settings.length] = more;
        return all;
    }
}
