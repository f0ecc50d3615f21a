package io.hasp.faults.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The resource scripts on a real Redis: what the fence accepts and rejects. */
class FencedResourceIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void aNewerTokenLocksOlderTokensOutOfReadsAndWrites() {
        try (FencedResource resource = FencedResource.connect(redis.uri(), "fence", TIMEOUT, true)) {
            FencedResource.ReadReply first = resource.read(100);
            assertThat(first.served()).isTrue();
            assertThat(first.value()).isZero();
            assertThat(resource.write(100, 1, "a").applied()).isTrue();

            FencedResource.ReadReply newer = resource.read(200);
            assertThat(newer.served()).isTrue();
            assertThat(newer.value()).isEqualTo(1);
            assertThat(newer.seq()).isGreaterThan(first.seq());
            assertThat(newer.redisMicros()).isGreaterThan(1_600_000_000_000_000L);

            // token 150 is older than the 200 already served: locked out of both
            assertThat(resource.read(150).served()).isFalse();
            FencedResource.WriteReply stale = resource.write(150, 2, "b");
            assertThat(stale.applied()).isFalse();
            assertThat(stale.lastAppliedToken()).isEqualTo(100);

            assertThat(resource.write(200, 2, "c").applied()).isTrue();
            // one lease writes once: the same token cannot apply a second, different write
            assertThat(resource.write(200, 3, "d").applied()).isFalse();
            assertThat(redis.command("HGET", FencedResource.keyOf("fence"), "value")).isEqualTo("2");
        }
    }

    @Test
    void aResentWriteGetsTheSameAnswerInsteadOfAFalseRejection() {
        try (FencedResource resource = FencedResource.connect(redis.uri(), "resend", TIMEOUT, true)) {
            resource.read(7);
            assertThat(resource.write(7, 1, "w1.1/0/7").applied()).isTrue();
            assertThat(resource.write(7, 1, "w1.1/0/7").applied()).isTrue();
            assertThat(redis.command("HGET", FencedResource.keyOf("resend"), "value")).isEqualTo("1");
        }
    }

    @Test
    void withoutTheFenceAStaleWriteOverwritesNewerData() {
        try (FencedResource resource = FencedResource.connect(redis.uri(), "unfenced", TIMEOUT, false)) {
            resource.read(500);
            assertThat(resource.write(500, 5, "new").applied()).isTrue();
            assertThat(resource.read(10).served()).isTrue();
            assertThat(resource.write(10, 1, "stale").applied()).isTrue();
            assertThat(redis.command("HGET", FencedResource.keyOf("unfenced"), "value")).isEqualTo("1");
        }
    }
}
