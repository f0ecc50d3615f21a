package io.hasp.faults.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    @Test
    void argumentsRoundTrip() {
        WorkerConfig config = new WorkerConfig("w2", 3, "single", List.of("redis://127.0.0.1:1", "redis://127.0.0.1:2"),
                "redis://127.0.0.1:3", "fault-run", 4, 1_000, 1_500, 500, 8, Path.of("w2.3.tsv"),
                BrokenMode.RELEASE_DEL, 42);

        assertThat(WorkerConfig.parse(config.toArgs())).isEqualTo(config);
        assertThat(config.process()).isEqualTo("w2.3");
    }

    @Test
    void variantsAndBrokenModesAreLookedUpByName() {
        assertThat(LockVariants.named("single").nodes()).isEqualTo(1);
        assertThat(BrokenMode.parse("no-fence")).isEqualTo(BrokenMode.NO_FENCE);
        assertThatThrownBy(() -> LockVariants.named("paxos")).hasMessageContaining("'paxos'")
                .hasMessageContaining("single");
        assertThatThrownBy(() -> BrokenMode.parse("sloppy")).hasMessageContaining("'sloppy'");
    }
}
