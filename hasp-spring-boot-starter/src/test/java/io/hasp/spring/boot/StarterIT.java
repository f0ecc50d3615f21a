package io.hasp.spring.boot;

import static io.hasp.spring.boot.StarterContexts.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.Hasp;
import io.hasp.HaspException;
import io.hasp.Lease;
import io.hasp.LockListener;
import io.hasp.micrometer.HaspMetrics;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.RespClient;
import io.hasp.testkit.Timing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ConfigurableApplicationContext;

/** The auto-configured client against a real Redis, configured each way an application may. */
@ExtendWith(RedisServerExtension.class)
class StarterIT {

    @Test
    void hostAndPortGiveAClientWhoseLocksExcludeOtherClients(RedisServer redis) {
        runner().withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
                "hasp.namespace=orders-app:").run(context -> {
                    Hasp hasp = context.getBean(Hasp.class);
                    try (Lease lease = hasp.lock("orders:42").acquire(Duration.ofSeconds(5));
                            Hasp other = Hasp.builder().uri(redis.uri()).namespace("orders-app:").build()) {
                        assertThat(other.lock("orders:42").tryAcquire()).isEmpty();
                        assertThat(redis.command("EXISTS", "orders-app:{orders:42}")).isEqualTo(1L);
                        assertThat(lease.release()).isTrue();
                        other.lock("orders:42").tryAcquire().orElseThrow().close();
                    }
                });
    }

    @Test
    void aUrlWithTheReadmesAclUserAndADatabaseIsUsedAsGivenAndItsHealthIsUp(RedisServer redis) throws IOException {
        String[] setUser = (readmeAclLine() + " +select").split("\\s+"); // as the README says for database 3
        redis.command(setUser);
        String url = "redis://" + setUser[2] + ":secret@" + redis.host() + ":" + redis.port() + "/3";
        runner().withPropertyValues("spring.data.redis.url=" + url).run(context -> {
            context.getBean(Hasp.class).lock("in-db-3").tryAcquire().orElseThrow();
            try (RespClient client = redis.client()) {
                assertThat(client.command("EXISTS", "hasp:{in-db-3}")).isEqualTo(0L);
                client.command("SELECT", "3");
                assertThat(client.command("EXISTS", "hasp:{in-db-3}")).isEqualTo(1L);
            }
            assertThat(context.getBean(HaspHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
        runner().withPropertyValues("spring.data.redis.url=" + url.replace("secret", "Xyzzy99")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(StarterContexts.messages(context.getStartupFailure())).doesNotContain("Xyzzy99");
        });
    }

    @Test
    void usernamePasswordAndDatabasePropertiesAreUsed(RedisServer redis) {
        redis.command("ACL", "SETUSER", "props", "on", ">pa55", "~*", "&*", "+@all");
        runner().withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.username=props",
                "spring.data.redis.password=pa55", "spring.data.redis.database=5").run(context -> {
                    context.getBean(Hasp.class).lock("in-db-5").tryAcquire().orElseThrow();
                    try (RespClient client = redis.client()) {
                        client.command("SELECT", "5");
                        assertThat(client.command("EXISTS", "hasp:{in-db-5}")).isEqualTo(1L);
                    }
                });
    }

    @Test
    void hasPropertiesBecomeTheClientsDefaultOptions(RedisServer redis) {
        runner().withPropertyValues("hasp.redis.uris=" + redis.uri(), "hasp.lease-time=45s",
                "hasp.backoff.initial=5ms", "hasp.backoff.max=1s", "hasp.waiter-heartbeat=3s").run(context -> {
                    Hasp hasp = context.getBean(Hasp.class);
                    assertThat(hasp.defaultOptions().watchdogEnabled()).isFalse();
                    assertThat(hasp.defaultOptions().leaseTime()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(hasp.defaultOptions().backoff().initial()).isEqualTo(Duration.ofMillis(5));
                    assertThat(hasp.defaultOptions().backoff().max()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(hasp.defaultOptions().waiterHeartbeat()).isEqualTo(Duration.ofSeconds(3));
                });
        runner().withPropertyValues("hasp.redis.uris=" + redis.uri(), "hasp.watchdog-lease-time=12s",
                "hasp.renew-interval=2s").run(context -> {
                    Hasp hasp = context.getBean(Hasp.class);
                    assertThat(hasp.defaultOptions().watchdogEnabled()).isTrue();
                    assertThat(hasp.defaultOptions().watchdogLeaseTime()).isEqualTo(Duration.ofSeconds(12));
                    assertThat(hasp.defaultOptions().renewInterval()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    @Test
    void lockListenerBeansSeeTheClientsLocks(RedisServer redis) throws InterruptedException {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        LockListener listener = new LockListener() {
            @Override
            public void acquired(String lockName, Duration waited, AcquireOutcome outcome) {
                events.add("acquired " + lockName + " " + outcome);
            }

            @Override
            public void released(String lockName, Duration held, ReleaseOutcome outcome) {
                events.add("released " + lockName + " " + outcome);
            }
        };
        runner().withBean(LockListener.class, () -> listener).withPropertyValues("hasp.redis.uris=" + redis.uri())
                .run(context -> context.getBean(Hasp.class).lock("seen").tryAcquire().orElseThrow().close());
        Duration wait = Timing.scaled(Duration.ofSeconds(5));
        assertThat(events.poll(wait.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("acquired seen GRANTED");
        assertThat(events.poll(wait.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("released seen RELEASED");
    }

    @Test
    void haspMetricsIsBoundToTheMeterRegistryUnlessTheApplicationHasItsOwnOrNoHaspMicrometer(RedisServer redis) {
        MeterRegistry meters = new SimpleMeterRegistry();
        runner().withBean(MeterRegistry.class, () -> meters).withPropertyValues("hasp.redis.uris=" + redis.uri())
                .run(context -> {
                    context.getBean(Hasp.class).lock("counted").tryAcquire().orElseThrow().close();
                    Timing.await("a held-time sample", Duration.ofSeconds(5), () -> {
                        Timer held = meters.find("hasp.lock.held").tag("outcome", "released").timer();
                        return held != null && held.count() == 1;
                    });
                });
        HaspMetrics own = new HaspMetrics(meters, name -> "all");
        runner().withBean(MeterRegistry.class, () -> meters).withBean(HaspMetrics.class, () -> own)
                .withPropertyValues("hasp.redis.uris=" + redis.uri())
                .run(context -> assertThat(context).getBean(HaspMetrics.class).isSameAs(own));
        runner().withClassLoader(new FilteredClassLoader(HaspMetrics.class)).withBean(MeterRegistry.class, () -> meters)
                .withPropertyValues("hasp.redis.uris=" + redis.uri()).run(context -> {
                    assertThat(context).hasSingleBean(Hasp.class);
                    assertThat(context).doesNotHaveBean(HaspMetrics.class);
                });
    }

    @Test
    void anApplicationsOwnHaspBeanIsKept(RedisServer redis) {
        try (Hasp own = Hasp.builder().uri(redis.uri()).namespace("own:").build()) {
            runner().withBean(Hasp.class, () -> own).withPropertyValues("hasp.redis.uris=redis://127.0.0.1:1")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context).getBean(Hasp.class).isSameAs(own);
                    });
        }
    }

    @Test
    void theClientIsClosedWithTheContextAndItsHealthIsUpWhileOpen(RedisServer redis) {
        Hasp[] seen = new Hasp[1];
        runner().withPropertyValues("hasp.redis.uris=" + redis.uri()).run(context -> {
            seen[0] = context.getBean(Hasp.class);
            Object keysBefore = redis.command("DBSIZE");
            Health health = context.getBean("haspHealthIndicator", HaspHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(redis.command("DBSIZE")).isEqualTo(keysBefore); // the check wrote nothing
        });
        assertThatThrownBy(() -> seen[0].lock("after-close").tryAcquire()).isInstanceOf(HaspException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void theHealthIndicatorCanBeSwitchedOffAndIsAbsentWithoutActuator(RedisServer redis) {
        runner().withPropertyValues("hasp.redis.uris=" + redis.uri(), "management.health.hasp.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(HaspHealthIndicator.class));
        runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .withPropertyValues("hasp.redis.uris=" + redis.uri()).run(context -> {
                    assertThat(context).hasSingleBean(Hasp.class);
                    assertThat(context).doesNotHaveBean(HaspHealthIndicator.class);
                });
    }

    @Test
    void anApplicationWithAutoConfigurationFindsTheStarterThroughItsImportsFile(RedisServer redis) {
        Hasp hasp;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE).properties("spring.data.redis.port=" + redis.port()).run()) {
            hasp = context.getBean(Hasp.class);
            assertThat(context.getBean(HaspHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
            hasp.lock("from-the-app").tryAcquire().orElseThrow().close();
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Timing.await("the acquire counted by HaspMetrics", Duration.ofSeconds(5), () -> {
                Timer wait = meters.find("hasp.lock.wait").tag("outcome", "granted").timer();
                return wait != null && wait.count() == 1;
            });
        }
        assertThatThrownBy(() -> hasp.lock("after-close").tryAcquire()).isInstanceOf(HaspException.class);
    }

    /** An application as a user writes one. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }

    /** The minimal ACL that the README documents (MinimalAclIT in hasp-core checks it covers every lock feature). */
    private static String readmeAclLine() throws IOException {
        return Files.readAllLines(Path.of("..", "README.md")).stream().filter(l -> l.startsWith("ACL SETUSER"))
                .findFirst().orElseThrow(() -> new AssertionError("README.md documents no ACL SETUSER line"));
    }
}
