package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsRunEveryScenarioOnTheDefaultImplementations() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options.redisUri()).isNull();
        assertThat(options.scenarios()).containsExactlyElementsOf(BenchOptions.DEFAULT_SCENARIOS).doesNotContain("S3J");
        assertThat(options.impls()).containsExactly("hasp", "redisson", "spring", "raw");
        assertThat(options.settings()).isEqualTo(new RunSettings(Duration.ofMillis(1500), Duration.ofSeconds(3), 3));
        assertThat(options.jsonFile()).isNull();
    }

    @Test
    void quickShortensTheWindowUnlessADurationIsGiven() {
        assertThat(BenchOptions.parse("--quick").settings().window()).isEqualTo(Duration.ofSeconds(1));
        assertThat(BenchOptions.parse("--quick", "--duration", "3s").settings().window())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void everyFlag() {
        BenchOptions options = BenchOptions.parse("--redis", "redis://127.0.0.1:7000", "--duration", "500ms",
                "--warmup", "0.2s", "--reps", "3", "--scenarios", "s3,S1", "--impls", "raw,hasp", "--json",
                "out.json");

        assertThat(options.redisUri()).isEqualTo("redis://127.0.0.1:7000");
        assertThat(options.settings()).isEqualTo(new RunSettings(Duration.ofMillis(200), Duration.ofMillis(500), 3));
        assertThat(options.scenarios()).containsExactly("S1", "S3");
        assertThat(options.impls()).containsExactly("raw", "hasp");
        assertThat(options.jsonFile()).isEqualTo(Path.of("out.json"));
        assertThat(options.selected("hasp")).isTrue();
        assertThat(options.selected("redisson")).isFalse();
    }

    @Test
    void theSliceOfTheTurnsIsADurationOrOff() {
        assertThat(BenchOptions.parse().settings().slice()).isEqualTo(RunSettings.DEFAULT_SLICE);
        assertThat(BenchOptions.parse("--slice", "250ms").settings().slice()).isEqualTo(Duration.ofMillis(250));
        RunSettings off = BenchOptions.parse("--slice", "off").settings();
        assertThat(off.slice()).isNull();
        assertThat(off.interleaved()).isFalse();
        assertThatThrownBy(() -> BenchOptions.parse("--slice", "often")).hasMessageContaining("--slice")
                .hasMessageContaining("often");
    }

    @Test
    void durationsInEveryForm() {
        assertThat(BenchOptions.duration("4s", "--duration")).isEqualTo(Duration.ofSeconds(4));
        assertThat(BenchOptions.duration("250ms", "--duration")).isEqualTo(Duration.ofMillis(250));
        assertThat(BenchOptions.duration("2m", "--duration")).isEqualTo(Duration.ofMinutes(2));
        assertThat(BenchOptions.duration("1.5", "--duration")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void badValuesNameTheFlagAndTheValue() {
        assertThatThrownBy(() -> BenchOptions.parse("--duration", "soon"))
                .hasMessageContaining("--duration").hasMessageContaining("soon");
        assertThatThrownBy(() -> BenchOptions.parse("--duration", "0s")).hasMessageContaining("--duration");
        assertThatThrownBy(() -> BenchOptions.parse("--reps", "0")).hasMessageContaining("--reps");
        assertThatThrownBy(() -> BenchOptions.parse("--scenarios", "S9")).hasMessageContaining("S9");
        assertThatThrownBy(() -> BenchOptions.parse("--impls", "zookeeper")).hasMessageContaining("zookeeper");
        assertThatThrownBy(() -> BenchOptions.parse("--redis", "http://x")).hasMessageContaining("--redis");
        assertThatThrownBy(() -> BenchOptions.parse("--json")).hasMessageContaining("--json needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--fast")).hasMessageContaining("--fast");
    }

    @Test
    void redisUriParts() {
        RedisTarget target = RedisTarget.parse("redis://:s3cret@10.0.0.1:7001/2");

        assertThat(target.host()).isEqualTo("10.0.0.1");
        assertThat(target.port()).isEqualTo(7001);
        assertThat(target.password()).containsExactly("s3cret".toCharArray());
        assertThat(target.database()).isEqualTo(2);
        assertThat(target.display()).isEqualTo("redis://10.0.0.1:7001/2");
        assertThat(RedisTarget.parse("redis://localhost").port()).isEqualTo(6379);
    }

    @Test
    void scenariosRunInTheirCanonicalOrder() {
        assertThat(BenchOptions.parse("--scenarios", "S3J,C,S2").scenarios()).containsExactly("S2", "C", "S3J");
        assertThat(List.copyOf(BenchOptions.ALL_SCENARIOS)).startsWith("S1", "S2");
    }

    @Test
    void theOneClientHotKeyScenariosAreOptIn() {
        assertThat(BenchOptions.parse("--scenarios", "s4-1,S3,S3-1").scenarios()).containsExactly("S3", "S3-1", "S4-1");
        assertThat(BenchOptions.DEFAULT_SCENARIOS).doesNotContain("S3-1", "S4-1");
    }
}
