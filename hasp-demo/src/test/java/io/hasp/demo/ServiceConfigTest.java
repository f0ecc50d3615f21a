package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {

    private static ServiceConfig parse(Map<String, String> env, String... args) {
        return ServiceConfig.parse(args, env);
    }

    @Test
    void defaultsMatchTheArticle() {
        ServiceConfig config = parse(Map.of());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.redisUris()).containsExactly("redis://localhost:6379");
        assertThat(config.storeUri()).isEqualTo("redis://localhost:6379");
        assertThat(config.work()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.lockWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.lease()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.instanceName(8080)).isEqualTo("instance-8080");
    }

    @Test
    void flagsInBothFormsAndEnvironmentVariablesAreRead() {
        ServiceConfig config = parse(Map.of("REDIS_URL", "redis://a:1,redis://b:2", "WORK", "5ms", "PORT", "9"),
                "--port=0", "--store", "redis://s:3/2", "--lock-wait", "1.5s", "--lease", "2m", "--instance", "a",
                "--threads", "8");
        assertThat(config.port()).isZero();
        assertThat(config.redisUris()).containsExactly("redis://a:1", "redis://b:2");
        assertThat(config.storeUri()).isEqualTo("redis://s:3/2");
        assertThat(config.work()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.lockWait()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.lease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.instanceName(1)).isEqualTo("a");
        assertThat(config.threads()).isEqualTo(8);
    }

    @Test
    void aFlagWinsOverItsVariable() {
        assertThat(parse(Map.of("PORT", "9000"), "--port", "9001").port()).isEqualTo(9001);
    }

    @Test
    void badValuesFailWithOneLineNamingTheFlagAndValue() {
        assertFails(List.of("--bogus", "1"), "unknown flag '--bogus'");
        assertFails(List.of("stray"), "unexpected argument 'stray'");
        assertFails(List.of("--port"), "--port needs a value");
        assertFails(List.of("--port", "70000"), "--port must be a whole number from 0 to 65535, got '70000'");
        assertFails(List.of("--port", "http"), "--port must be a whole number");
        assertFails(List.of("--redis", "localhost:6379"), "--redis: uri must start with redis:// or rediss://");
        assertFails(List.of("--redis", "redis://h:99999"), "bad port '99999'");
        assertFails(List.of("--redis", "redis://a:1,"), "--redis");
        assertFails(List.of("--store", "http://x"), "--store");
        assertFails(List.of("--work", "-5ms"), "--work must not be negative, got '-5ms'");
        assertFails(List.of("--lock-wait", "-1s"), "--lock-wait must not be negative");
        assertFails(List.of("--lease", "-1s"), "--lease must not be negative");
        assertFails(List.of("--lease", "1ms"), "--lease must be at least 10ms, got 1ms");
        assertFails(List.of("--work", "100"), "--work needs a unit");
        assertFails(List.of("--work", "fast"), "--work must be a duration such as 100ms");
        assertFails(List.of("--work", "2m"), "--work must be at most 60s");
        assertFails(List.of("--instance", "a b"), "--instance");
        assertFails(List.of("--threads", "0"), "--threads");
    }

    @Test
    void badEnvironmentValuesFailLikeFlags() {
        assertThatThrownBy(() -> parse(Map.of("LEASE", "-3s"))).isInstanceOf(ConfigException.class)
                .hasMessage("--lease must not be negative, got '-3s'");
    }

    @Test
    void helpIsRecognisedAnywhere() {
        assertThat(ServiceConfig.wantsHelp(new String[] {"--port", "1", "--help"})).isTrue();
        assertThat(ServiceConfig.wantsHelp(new String[] {"--port", "1"})).isFalse();
        assertThat(ServiceConfig.usage()).contains("--redis", "REDIS_URL", "--lock-wait", "/increment");
    }

    private static void assertFails(List<String> args, String message) {
        assertThatThrownBy(() -> parse(Map.of(), args.toArray(String[]::new)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
