package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RatiosTest {

    @Test
    void ratioIsValueOverReference() {
        assertThat(Ratios.ratio(300, 100)).isEqualTo(3.0);
        assertThat(Ratios.ratio(50, 200)).isEqualTo(0.25);
    }

    @Test
    void missingOrNonPositiveReferenceGivesNoRatio() {
        assertThat(Ratios.ratio(1, 0)).isNaN();
        assertThat(Ratios.ratio(1, -5)).isNaN();
        assertThat(Ratios.ratio(Double.NaN, 1)).isNaN();
        assertThat(Ratios.ratio(1, Double.NaN)).isNaN();
    }

    @Test
    void meetsIsInclusiveAndNeverForAMissingRatio() {
        assertThat(Ratios.meets(1.5, 1.5)).isTrue();
        assertThat(Ratios.meets(1.4999, 1.5)).isFalse();
        assertThat(Ratios.meets(Double.NaN, 0)).isFalse();
    }

    @Test
    void scenarioRatiosAreRelativeToTheReferenceRow() {
        ScenarioResult result = new ScenarioResult("S1", "t", "throughput", "hasp",
                List.of(Column.count("throughput", "cycles/s"), Column.ratio(ScenarioResult.RATIO_KEY, "vs Hasp")));
        result.add(row("hasp").put("throughput", 2000.0));
        result.add(row("redisson").put("throughput", 500.0));

        result.computeRatios();

        assertThat(result.row("hasp").orElseThrow().number(ScenarioResult.RATIO_KEY)).isEqualTo(1.0);
        assertThat(result.row("redisson").orElseThrow().number(ScenarioResult.RATIO_KEY)).isEqualTo(0.25);
    }

    @Test
    void withoutAReferenceRowEveryRatioIsMissing() {
        ScenarioResult result = new ScenarioResult("S5", "t", "throughput", "hasp-fair",
                List.of(Column.count("throughput", "sections/s"), Column.ratio(ScenarioResult.RATIO_KEY, "vs")));
        result.add(row("redisson-fair").put("throughput", 100.0));

        result.computeRatios();

        assertThat(result.row("redisson-fair").orElseThrow().number(ScenarioResult.RATIO_KEY)).isNaN();
    }

    private static Row row(String id) {
        return Row.measured(new Candidate(id, id, id, null));
    }
}
