package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportFormatTest {

    @Test
    void cellsFollowTheirColumnFormat() {
        assertThat(TextReport.format(12345.6, Column.Format.COUNT)).isEqualTo("12,346");
        assertThat(TextReport.format(0.456, Column.Format.ONE_DECIMAL)).isEqualTo("0.5");
        assertThat(TextReport.format(2.0, Column.Format.TWO_DECIMALS)).isEqualTo("2.00");
        assertThat(TextReport.format(3.14159, Column.Format.RATIO)).isEqualTo("3.14x");
        assertThat(TextReport.format(12.4, Column.Format.PERCENT)).isEqualTo("12%");
        assertThat(TextReport.format(Double.NaN, Column.Format.RATIO)).isEqualTo("-");
        assertThat(TextReport.format(null, Column.Format.COUNT)).isEqualTo("-");
        assertThat(TextReport.format("held", Column.Format.TEXT)).isEqualTo("held");
    }

    @Test
    void jsonEscapesStringsAndWritesMissingNumbersAsNull() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", "a \"quoted\"\nline");
        tree.put("ratio", Double.NaN);
        tree.put("whole", 3.0);
        tree.put("fraction", 0.25);
        tree.put("list", List.of(1L, true));

        String json = Json.write(tree);

        assertThat(json).contains("\"name\": \"a \\\"quoted\\\"\\nline\"", "\"ratio\": null", "\"whole\": 3",
                "\"fraction\": 0.25", "\"list\": [\n    1,\n    true\n  ]");
    }

    @Test
    void theReportHasEveryRowTheTargetsAndTheProblems() {
        ScenarioResult s1 = new ScenarioResult("S1", "S1 title", "throughput", "hasp",
                UncontendedScenario.columns());
        s1.add(row("hasp").put("throughput", 3000.0));
        Row redisson = row("redisson").put("throughput", 1000.0);
        redisson.addProblem("2 failed cycles");
        s1.add(redisson);
        s1.computeRatios();
        Map<String, ScenarioResult> results = new LinkedHashMap<>();
        results.put("S1", s1);
        Report report = new Report(Environment.describe("7.0.15", "here", new RunSettings(Duration.ofSeconds(1),
                Duration.ofSeconds(2), 2)), results, Targets.check(results));

        String text = TextReport.render(report);
        String json = Json.write(report.toJsonTree());

        assertThat(text).contains("| hasp ", "| redisson ", "3.00x",
                "S1 redisson: 2 failed cycles", "| 7 | S1 uncontended 1 thread: Hasp >= 1.5x Redisson RLock | met |");
        assertThat(json).contains("\"impl\": \"hasp\"", "\"impl\": \"redisson\"", "\"status\": \"MET\"",
                "\"cores\"");
        assertThat(report.problems()).containsExactly("S1 redisson: 2 failed cycles");
    }

    private static Row row(String id) {
        return Row.measured(new Candidate(id, id, id, null));
    }
}
