package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The service's one flag model: flags, their variables and defaults, and the checks the parser cannot make. */
class ServiceOptionsTest {

    private static ServiceConfig parse(Map<String, String> env, String... args) {
        return ServiceOptions.parse(args, env);
    }

    @Test
    void defaultsMatchTheArticle() {
        ServiceConfig config = parse(Map.of());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.bind()).isEmpty();
        assertThat(config.redis().uris()).containsExactly("redis://localhost:6379");
        assertThat(config.redis().cluster()).isFalse();
        assertThat(config.store().uris()).containsExactly("redis://localhost:6379");
        assertThat(config.work()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.lockWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.lease()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.threads()).isEqualTo(64);
        assertThat(config.instanceName(8080)).isEqualTo("instance-8080");
    }

    @Test
    void flagsInBothFormsAndEnvironmentVariablesAreRead() {
        ServiceConfig config = parse(Map.of("REDIS_URL", "redis://a:1,redis://b:2,redis://c:3", "WORK", "5ms",
                "PORT", "9", "BIND", "0.0.0.0", "LEASE", " "),
                "--port=0", "--store", "redis://s:3/2", "--lock-wait", "1.5s", "--lease", "2m", "--instance", "a",
                "--threads", "8");
        assertThat(config.port()).isZero();
        assertThat(config.bind()).isEqualTo("0.0.0.0");
        assertThat(config.redis().uris()).containsExactly("redis://a:1", "redis://b:2", "redis://c:3");
        assertThat(config.store().uris()).containsExactly("redis://s:3/2");
        assertThat(config.work()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.lockWait()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.lease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.instanceName(1)).isEqualTo("a");
        assertThat(config.threads()).isEqualTo(8);
    }

    @Test
    void aSentinelUriKeepsTheCommasBetweenItsSentinelsAndIsTheDefaultStore() {
        String sentinel = "redis-sentinel://s1:26379,s2:26379, s3:26379/0#mymaster";
        ServiceConfig config = parse(Map.of(), "--redis", sentinel);
        assertThat(config.redis().uris()).containsExactly("redis-sentinel://s1:26379,s2:26379,s3:26379/0#mymaster");
        assertThat(config.store().uris()).isEqualTo(config.redis().uris());
    }

    @Test
    void withClusterTheUrisAreSeedsAndTheClusterHoldsTheCounter() {
        ServiceConfig config = parse(Map.of("REDIS_CLUSTER", "true"), "--redis", "redis://n1:7000,redis://n2:7001");
        assertThat(config.redis().cluster()).isTrue();
        assertThat(config.redis().uris()).containsExactly("redis://n1:7000", "redis://n2:7001");
        assertThat(config.store().cluster()).isTrue();
        assertThat(config.store().uris()).isEqualTo(config.redis().uris());
        assertThat(parse(Map.of()).redis().cluster()).isFalse();
    }

    @Test
    void withClusterAGivenStoreHoldsTheCounterOnARedisOfItsOwn() {
        ServiceConfig config = parse(Map.of(), "--cluster", "--redis", "redis://a:1,redis://b:2", "--store",
                "redis://s:3");
        assertThat(config.redis().cluster()).isTrue();
        assertThat(config.redis().uris()).containsExactly("redis://a:1", "redis://b:2");
        assertThat(config.store().cluster()).isFalse();
        assertThat(config.store().uris()).containsExactly("redis://s:3");
        ServiceConfig fromEnv = parse(Map.of("REDIS_CLUSTER", "true", "STORE_URL", "redis://s:3"));
        assertThat(fromEnv.redis().cluster()).isTrue();
        assertThat(fromEnv.store().uris()).containsExactly("redis://s:3");
        assertThat(parse(Map.of("REDIS_CLUSTER", "false")).redis().cluster()).isFalse();
    }

    @Test
    void sentinelOrClusterMixedWithRedlocksFormIsRefusedNamingTheProblem() {
        assertFails(List.of("--redis", "redis://a:1,redis-sentinel://:secret@s1:26379,s2:26379#mymaster,redis://c:3"),
                "--redis: uris names 3 servers, one of them Sentinels (master 'mymaster')");
        assertFails(List.of("--cluster", "--redis", "redis-sentinel://s1:26379,s2:26379#mymaster"),
                "--redis: cluster seeds must be redis:// or rediss:// nodes of the cluster, got a Sentinel URI");
        assertFails(List.of("--cluster", "--redis", "redis://n1:7000,redis://n1:7000"),
                "--redis: cluster names the seed n1:7000 twice");
        assertFails(List.of("--store", "redis://a:1,redis://b:2,redis://c:3"), "--store must name one Redis, got 3");
        assertThatThrownBy(() -> parse(Map.of(), "--redis",
                "redis://a:1,redis-sentinel://:secret@s1:26379#mymaster,redis://c:3"))
                .hasMessageNotContaining("secret");
    }

    @Test
    void aFlagWinsOverItsVariableAndABlankVariableCountsAsUnset() {
        assertThat(parse(Map.of("PORT", "9000"), "--port", "9001").port()).isEqualTo(9001);
        assertThat(parse(Map.of("PORT", " ")).port()).isEqualTo(8080);
    }

    @Test
    void valuesOfTheWrongFormAreRefusedByTheParserNamingTheFlag() {
        assertParserRefuses(List.of("--bogus", "1"), "Unknown options: '--bogus'");
        assertParserRefuses(List.of("stray"), "stray");
        assertParserRefuses(List.of("--port"), "--port");
        assertParserRefuses(List.of("--port", "http"), "--port");
        assertParserRefuses(List.of("--work", "-5ms"), "'--work': must not be negative, got '-5ms'");
        assertParserRefuses(List.of("--work", "100"), "'--work': needs a unit");
        assertParserRefuses(List.of("--lease", "fast"), "'--lease': must be a duration such as 100ms");
    }

    @Test
    void valuesOutOfRangeFailWithOneLineNamingTheFlagAndValue() {
        assertFails(List.of("--port", "70000"), "--port must be from 0 to 65535, got 70000");
        assertFails(List.of("--redis", "localhost:6379"), "--redis: uri must start with redis:// or rediss://");
        assertFails(List.of("--redis", "redis://h:99999"), "bad port '99999'");
        assertFails(List.of("--redis", "redis://a:1,"), "--redis");
        assertFails(List.of("--store", "http://x"), "--store");
        assertFails(List.of("--lease", "1ms"), "--lease must be at least 10ms, got 1ms");
        assertFails(List.of("--lock-wait", "2h"), "--lock-wait must be at most 1h, got 2h");
        assertFails(List.of("--lease", "200h"), "--lease must be at most 168h, got 200h");
        assertFails(List.of("--work", "2m"), "--work must be at most 1m, got 2m");
        assertFails(List.of("--instance", "a b"), "--instance");
        assertFails(List.of("--threads", "0"), "--threads must be from 1 to 1000, got 0");
    }

    @Test
    void badEnvironmentValuesFailLikeFlags() {
        assertThatThrownBy(() -> parse(Map.of("LEASE", "-3s"))).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'--lease': must not be negative, got '-3s'");
        assertThatThrownBy(() -> parse(Map.of("THREADS", "0"))).isInstanceOf(ConfigException.class)
                .hasMessage("--threads must be from 1 to 1000, got 0");
    }

    private static void assertParserRefuses(List<String> args, String message) {
        assertRefused(args, CommandLine.ParameterException.class, message);
    }

    private static void assertFails(List<String> args, String message) {
        assertRefused(args, ConfigException.class, message);
    }

    private static void assertRefused(List<String> args, Class<? extends RuntimeException> type, String message) {
        assertThatThrownBy(() -> parse(Map.of(), args.toArray(String[]::new)))
                .isInstanceOf(type)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
