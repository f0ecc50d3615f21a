package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.internal.DefaultHasp;
import io.hasp.internal.ServerFeatures;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.RequiresRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis 8.4 path: release by {@code DELEX key IFEQ token}, extend by {@code SET key token IFEQ token PX ttl}.
 * Runs when {@code HASP_REDIS8_SERVER} names a redis-server 8.4+; skipped with the reason otherwise.
 */
@RequiresRedis(minVersion = "8.4")
class NativeCommandsIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    @Test
    void releaseAndExtendUseTheNativeCommands(RedisServer redis) {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            assertThat(((DefaultHasp) hasp).serverFeatures().orElseThrow().nativeCompareAndSet()).isTrue();
            redis.command("CONFIG", "RESETSTAT");
            Lease lease = hasp.lock("n").tryAcquire().orElseThrow();
            lease.extend(Duration.ofSeconds(60));
            assertThat((Long) redis.command("PTTL", "hasp:{n}")).isGreaterThan(30_000L);
            assertThat(lease.release()).isTrue();
            assertThat(lease.release()).isFalse();
            String stats = (String) redis.command("INFO", "commandstats");
            assertThat(stats).contains("cmdstat_delex:calls=1").contains("cmdstat_evalsha:calls=1");
        }
    }

    @Test
    void nativeReleaseNeverTouchesAnotherHoldersOrForeignKey(RedisServer redis) {
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            Lease lease = hasp.lock("m", LockOptions.builder().leaseTime(Duration.ofSeconds(5)).build())
                    .tryAcquire().orElseThrow();
            redis.command("SET", "hasp:{m}", "hasp1:33333333333333333333333333333333");
            assertThat(lease.release()).isFalse();
            assertThat(redis.command("GET", "hasp:{m}")).isEqualTo("hasp1:33333333333333333333333333333333");
            redis.command("DEL", "hasp:{m}");
            redis.command("HSET", "hasp:{m}", "f", "v");
            assertThat(lease.release()).isFalse();
            assertThatThrownBy(() -> hasp.lock("m").tryAcquire()).isInstanceOf(KeyConflictException.class)
                    .hasMessageContaining("hasp:{m}");
            assertThat(redis.command("HGET", "hasp:{m}", "f")).isEqualTo("v");
        }
    }

    @Test
    void theScriptsCanBeForcedForComparison(RedisServer redis) {
        System.setProperty(ServerFeatures.FORCE_SCRIPTS_PROPERTY, "true");
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            assertThat(((DefaultHasp) hasp).serverFeatures().orElseThrow().nativeCompareAndSet()).isFalse();
            hasp.lock("s").tryAcquire().orElseThrow().close();
        } finally {
            System.clearProperty(ServerFeatures.FORCE_SCRIPTS_PROPERTY);
        }
    }
}
