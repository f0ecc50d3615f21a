package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerReportTest {

    @Test
    void survivesTheTripThroughOneLine() {
        Histogram waits = new Histogram(3);
        waits.recordValue(1_000_000);
        waits.recordValue(5_000_000);
        WorkerReport report = new WorkerReport(12, 30, 1, 2, 123_456, waits, "java.lang.IllegalStateException: a b=c");

        String line = report.encode();
        WorkerReport back = WorkerReport.decode(line);

        assertThat(line).startsWith(WorkerReport.PREFIX).doesNotContain("\n");
        assertThat(back.measured()).isEqualTo(12);
        assertThat(back.sections()).isEqualTo(30);
        assertThat(back.errors()).isEqualTo(1);
        assertThat(back.fewest()).isEqualTo(2);
        assertThat(back.cpuNanos()).isEqualTo(123_456);
        assertThat(back.waits()).isEqualTo(waits);
        assertThat(back.firstError()).isEqualTo("java.lang.IllegalStateException: a b=c");
    }

    @Test
    void otherLinesAreRejected() {
        assertThatThrownBy(() -> WorkerReport.decode("READY")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSharedCounterIsSeenThroughEveryMapping(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("exclusion.bin");
        try (SharedExclusionCheck first = SharedExclusionCheck.map(file);
                SharedExclusionCheck second = SharedExclusionCheck.map(file)) {
            first.run();
            second.run();
            first.run();

            assertThat(second.counter()).isEqualTo(3);
            assertThat(first.overlaps()).isZero();
        }
        assertThat(Files.size(file)).isEqualTo(64);
    }
}
