package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Lua path survives a flushed script cache (NOSCRIPT falls back to EVAL) and a Redis restart. */
class ScriptCacheIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    @Test
    void locksWorkAfterScriptFlushAndRestart(RedisServer redis) {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).build()) {
            hasp.lock("s").tryAcquire().orElseThrow().close();
            redis.command("SCRIPT", "FLUSH");
            Lease lease = hasp.lock("s").tryAcquire().orElseThrow();
            redis.command("SCRIPT", "FLUSH");
            lease.extend(java.time.Duration.ofSeconds(5));
            redis.command("SCRIPT", "FLUSH");
            assertThat(lease.release()).isTrue();
            redis.restart();
            io.hasp.testkit.Timing.await("reconnected", java.time.Duration.ofSeconds(10), () -> {
                try {
                    return hasp.lock("s").tryAcquire().map(l -> l.release()).orElse(false);
                } catch (RedisUnavailableException e) {
                    return false;
                }
            });
        }
    }
}
