package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.internal.Arguments;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ArgumentValidationTest {

    @Test
    void namesMustBePresentShortAndBraceFree() {
        assertThatThrownBy(() -> Arguments.checkName(null)).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("lock name must not be null");
        assertThatThrownBy(() -> Arguments.checkName("  ")).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> Arguments.checkName("x".repeat(513))).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("at most 512 bytes").hasMessageContaining("513");
        assertThatThrownBy(() -> Arguments.checkName("é".repeat(257))).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("514 bytes");
        assertThatThrownBy(() -> Arguments.checkName("orders:{42}")).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("braces");
        assertThatThrownBy(() -> Arguments.checkName("a\nb")).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("control");
        assertThat(Arguments.checkName("x".repeat(512))).hasSize(512);
        assertThat(Arguments.checkName("orders:42")).isEqualTo("orders:42");
    }

    @Test
    void namesRefuseCharactersThatMisleadReadersOrShareAKey() {
        for (String bad : new String[] {"a\u202Eb", "a\u2066b", "a\u200Fb", "a\u2028b", "a\u2029b", "a\u0085b"}) {
            assertThatThrownBy(() -> Arguments.checkName(bad)).as(bad).isInstanceOf(HaspArgumentException.class)
                    .hasMessageNotContaining(bad.substring(1, 2));
            assertThatThrownBy(() -> Arguments.checkNamespace(bad)).as(bad).isInstanceOf(HaspArgumentException.class)
                    .hasMessageStartingWith("namespace");
        }
        assertThatThrownBy(() -> Arguments.checkName("a\uD800")).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> Arguments.checkName("\uDC00b")).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> Arguments.checkNamespace("ns\uD800:")).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> Arguments.checkNamespace("ns\n")).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("control");
        assertThat(Arguments.checkName("emoji-\uD83D\uDD12")).isEqualTo("emoji-\uD83D\uDD12");
        assertThat(Arguments.checkName("a?")).isEqualTo("a?");
    }

    @Test
    void nullArgumentsOfBuildersAndValuesAreHaspArgumentExceptionsNamingTheArgument() {
        refusesNull("uri", () -> Hasp.builder().uri((String) null));
        refusesNull("uri", () -> Hasp.builder().uri((RedisURI) null));
        refusesNull("uris", () -> Hasp.builder().uris((String[]) null));
        refusesNull("uris", () -> Hasp.builder().uris((List<RedisURI>) null));
        refusesNull("each of uris", () -> Hasp.builder().uris(Arrays.asList(RedisURI.create("redis://a:1"), null,
                RedisURI.create("redis://b:1"))));
        refusesNull("seeds", () -> Hasp.builder().cluster((List<RedisURI>) null));
        refusesNull("each of the cluster seeds", () -> Hasp.builder().cluster(Arrays.asList(
                RedisURI.create("redis://a:1"), null)));
        refusesNull("replicaAckTimeout", () -> LockOptions.builder().replicaAcks(1, null));
        refusesNull("redlock", () -> Hasp.builder().redlock(null));
        refusesNull("redisClient", () -> Hasp.builder().redisClient(null));
        refusesNull("namespace", () -> Hasp.builder().namespace(null));
        refusesNull("defaultOptions", () -> Hasp.builder().defaultOptions(null));
        refusesNull("commandTimeout", () -> Hasp.builder().commandTimeout(null));
        refusesNull("ticker", () -> Hasp.builder().ticker(null));
        refusesNull("executor", () -> Hasp.builder().executor(null));
        refusesNull("backoff", () -> LockOptions.builder().backoff(null));
        refusesNull("watchdogLeaseTime", () -> LockOptions.builder().watchdog(null));
        refusesNull("renewInterval", () -> LockOptions.builder().renewInterval(null));
        refusesNull("waiterHeartbeat", () -> LockOptions.builder().waiterHeartbeat(null));
        refusesNull("nodeTimeout", () -> RedlockOptions.builder().nodeTimeout(null));
        refusesNull("breakerCoolDown", () -> RedlockOptions.builder().breakerCoolDown(null));
        refusesNull("restartQuarantine", () -> RedlockOptions.builder().restartQuarantine(null));
        refusesNull("backoff initial", () -> Backoff.exponential(null, Duration.ofSeconds(1)));
        refusesNull("backoff max", () -> Backoff.exponential(Duration.ofMillis(1), null));
        refusesNull("name", () -> new LockInfo(null, "k", "", null, OptionalLong.empty(), false));
    }

    static void refusesNull(String argument, ThrowingCallable call) {
        assertThatThrownBy(call).as(argument).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining(argument + " must not be null");
    }

    @Test
    void leaseTimesMustBeSensible() {
        assertThatThrownBy(() -> LockOptions.builder().leaseTime(Duration.ZERO))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("leaseTime").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> LockOptions.builder().leaseTime(Duration.ofSeconds(-1)))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> LockOptions.builder().leaseTime(Duration.ofDays(8)))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("at most PT168H");
        assertThatThrownBy(() -> LockOptions.builder().leaseTime(null))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("leaseTime must not be null");
        assertThat(LockOptions.builder().leaseTime(Duration.ofSeconds(5)).build().leaseTime())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void replicaAcksNeedASensibleCountAndTimeout() {
        assertThatThrownBy(() -> LockOptions.builder().replicaAcks(-1, Duration.ofSeconds(1)))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("replicaAcks").hasMessageContaining("-1");
        assertThatThrownBy(() -> LockOptions.builder().replicaAcks(17, Duration.ofSeconds(1)))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("between 0 and 16");
        assertThatThrownBy(() -> LockOptions.builder().replicaAcks(1, Duration.ZERO))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("replicaAckTimeout");
        assertThatThrownBy(() -> LockOptions.builder().replicaAcks(1, null))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("replicaAckTimeout");
        LockOptions acked = LockOptions.builder().replicaAcks(2, Duration.ofMillis(500)).build();
        assertThat(acked.replicaAcks()).isEqualTo(2);
        assertThat(acked.replicaAckTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(acked.toBuilder().build()).isEqualTo(acked).isNotEqualTo(LockOptions.defaults());
        assertThat(LockOptions.defaults().replicaAcks()).isZero();
        assertThat(acked.toBuilder().replicaAcks(0, Duration.ofSeconds(1)).build()).isEqualTo(LockOptions.defaults());
    }

    @Test
    void waitsMustNotBeNegative() {
        assertThatThrownBy(() -> Arguments.checkWait(Duration.ofMillis(-1)))
                .isInstanceOf(HaspArgumentException.class).hasMessageContaining("wait must not be negative");
        assertThatThrownBy(() -> Arguments.checkWait(null)).isInstanceOf(HaspArgumentException.class);
        assertThat(Arguments.checkWait(Duration.ZERO)).isZero();
    }

    @Test
    void urisMustBeRedisUris() {
        assertThatThrownBy(() -> Hasp.connect("http://localhost:6379")).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("redis://");
        assertThatThrownBy(() -> Hasp.connect("")).isInstanceOf(HaspArgumentException.class);
        assertThatThrownBy(() -> Hasp.connect("redis://host:notaport")).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("redis://host:notaport");
        assertThat(Arguments.parseUri("rediss://user:secret@example.com:6380/3").getDatabase()).isEqualTo(3);
        assertThatThrownBy(() -> Hasp.builder().build()).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("uri is not set");
    }

    @Test
    void namespacesMustNotCarryBraces() {
        assertThatThrownBy(() -> Hasp.builder().namespace("a{b")).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("namespace");
    }

    @Test
    void connectTimeoutsMustBePositiveAndSensible() {
        assertThatThrownBy(() -> Hasp.builder().connectTimeout(null)).isInstanceOf(HaspArgumentException.class)
                .hasMessage("connectTimeout must not be null");
        assertThatThrownBy(() -> Hasp.builder().connectTimeout(Duration.ZERO))
                .isInstanceOf(HaspArgumentException.class).hasMessage("connectTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> Hasp.builder().connectTimeout(Duration.ofMillis(-5)))
                .isInstanceOf(HaspArgumentException.class)
                .hasMessage("connectTimeout must be positive, got PT-0.005S");
        assertThatThrownBy(() -> Hasp.builder().connectTimeout(Duration.ofHours(1)))
                .isInstanceOf(HaspArgumentException.class)
                .hasMessage("connectTimeout must be at most PT5M, got PT1H");
        assertThat(Hasp.builder().connectTimeout(Duration.ofMinutes(5))).isNotNull();
    }

    @Test
    void driftFactorIsBounded() {
        assertThatThrownBy(() -> LockOptions.builder().driftFactor(0.6)).isInstanceOf(HaspArgumentException.class)
                .hasMessageContaining("driftFactor").hasMessageContaining("0.6");
        assertThatThrownBy(() -> LockOptions.builder().driftFactor(Double.NaN))
                .isInstanceOf(HaspArgumentException.class);
    }
}
