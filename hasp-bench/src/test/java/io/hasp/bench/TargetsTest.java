package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void hotKeyTargetsCompareThroughputP99AndStarvation() {
        ScenarioResult s3 = new ScenarioResult("S3", "t", "throughput", "hasp", ContendedScenario.columns());
        s3.add(row("hasp").put("throughput", 3000.0).put("p99WaitMs", 20.0).put("fewestSections", 5.0));
        s3.add(row("redisson").put("throughput", 1000.0).put("p99WaitMs", 19.0).put("fewestSections", 0.0));

        List<Target> targets = Targets.check(Map.of("S3", s3));

        assertThat(status(targets, "S3 hot key: Hasp >= 3x")).isEqualTo(Target.Status.MET);
        assertThat(status(targets, "S3 hot key: Hasp p99")).isEqualTo(Target.Status.MISSED);
        assertThat(status(targets, "S3 hot key: no starved")).isEqualTo(Target.Status.MET);
        assertThat(status(targets, "S4 hot key: Hasp >= 3x")).isEqualTo(Target.Status.NOT_RUN);
    }

    @Test
    void primitiveTargetsAreListedOnlyWhenTheirScenarioRanAndCompareTheNamedRows() {
        ScenarioResult p3 = new ScenarioResult("P3", "t", "throughput", "hasp-rw", ContendedScenario.columns());
        p3.add(row("hasp-rw").put("throughput", 2000.0).put("p99WaitMs", 30.0).put("fewestSections", 0.0));
        p3.add(row("redisson-rw").put("throughput", 1000.0).put("p99WaitMs", 20.0));

        List<Target> targets = Targets.check(Map.of("P3", p3));

        assertThat(status(targets, "P3 read-write lock, 90% reads: Hasp >= 2x")).isEqualTo(Target.Status.MET);
        assertThat(status(targets, "P3 read-write lock, 90% reads: Hasp p99")).isEqualTo(Target.Status.MISSED);
        assertThat(status(targets, "P3 read-write lock, 90% reads: no starved")).isEqualTo(Target.Status.MISSED);
        assertThat(targets).noneMatch(t -> t.text().startsWith("P1") || t.text().startsWith("P2"));
        assertThat(Targets.check(Map.of())).noneMatch(t -> t.issues().equals("16"));
    }

    @Test
    void justBelowTheFactorIsMissed() {
        ScenarioResult s1 = new ScenarioResult("S1", "t", "throughput", "hasp", UncontendedScenario.columns());
        s1.add(row("hasp").put("throughput", 1499.0));
        s1.add(row("redisson").put("throughput", 1000.0));
        s1.add(row("raw").put("throughput", 1000.0));

        List<Target> targets = Targets.check(Map.of("S1", s1));

        assertThat(status(targets, "S1 uncontended 1 thread: Hasp >= 1.5x")).isEqualTo(Target.Status.MISSED);
        assertThat(status(targets, "S1 uncontended 1 thread: Hasp >= 0.95x")).isEqualTo(Target.Status.MET);
    }

    /** Issue 17 asks S1 >= 0.95x raw (issue 7 asked 0.9x) and S2 >= 0.9x: 0.94x misses the one, meets the other. */
    @Test
    void theRawBaselineTargetsAreIssue17s() {
        ScenarioResult s1 = new ScenarioResult("S1", "t", "throughput", "hasp", UncontendedScenario.columns());
        s1.add(row("hasp").put("throughput", 940.0));
        s1.add(row("raw").put("throughput", 1000.0));
        ScenarioResult s2 = new ScenarioResult("S2", "t", "throughput", "hasp", UncontendedScenario.columns());
        s2.add(row("hasp").put("throughput", 940.0));
        s2.add(row("raw").put("throughput", 1000.0));

        List<Target> targets = Targets.check(Map.of("S1", s1, "S2", s2));

        Target s1Raw = targets.stream().filter(t -> t.text().startsWith("S1 uncontended 1 thread: Hasp >= 0.95x the raw"
                + " baseline (issue 17")).findFirst().orElseThrow();
        assertThat(s1Raw.status()).isEqualTo(Target.Status.MISSED);
        assertThat(s1Raw.issues()).isEqualTo("7, 17");
        assertThat(s1Raw.detail()).contains("= 0.94x (target 0.95x)");
        Target s2Raw = targets.stream().filter(t -> t.text().startsWith("S2 uncontended 16 threads: Hasp >= 0.9x the"
                + " raw baseline (issues 7 and 17)")).findFirst().orElseThrow();
        assertThat(s2Raw.status()).isEqualTo(Target.Status.MET);
        assertThat(s2Raw.detail()).contains("(target 0.9x)");
    }

    @Test
    void targetFactorsPrintAsTheIssuesWriteThem() {
        assertThat(Targets.factor(0.95)).isEqualTo("0.95");
        assertThat(Targets.factor(0.9)).isEqualTo("0.9");
        assertThat(Targets.factor(3.0)).isEqualTo("3.0");
        assertThat(Targets.factor(1.5)).isEqualTo("1.5");
    }

    @Test
    void inTurnsTheTargetReadsThePairedRatioNotTheHeadlines() {
        ScenarioResult s2 = new ScenarioResult("S2", "t", "throughput", "hasp",
                UncontendedScenario.columnsInTurns());
        s2.add(row("hasp").put("throughput", 800.0).put(ScenarioResult.RATIO_KEY, 1.0)
                .put(UncontendedScenario.PAIRS_KEY, 9.0));
        // Over all slices raw looks 1.25x Hasp, but round by round it was 1.05x.
        s2.add(row("raw").put("throughput", 1000.0).put(ScenarioResult.RATIO_KEY, 1.05)
                .put(UncontendedScenario.RATIO_SPREAD_KEY, 4.0).put(UncontendedScenario.PAIRS_KEY, 9.0));

        Target target = Targets.check(Map.of("S2", s2)).stream()
                .filter(t -> t.text().startsWith("S2 uncontended 16 threads: Hasp >= 0.9x")).findFirst().orElseThrow();

        assertThat(target.status()).isEqualTo(Target.Status.MET);
        assertThat(target.detail()).contains("= 0.95x in turns (median of 9 rounds, ratio IQR 4%)");
        s2.row("raw").orElseThrow().put(UncontendedScenario.RATIO_SPREAD_KEY, 300.0);
        assertThat(Targets.check(Map.of("S2", s2))).filteredOn(t -> t.text().startsWith("S2 uncontended 16 threads: "
                + "Hasp >= 0.9x")).singleElement().satisfies(t -> assertThat(t.detail())
                .contains("ratio IQR 300%; the rounds disagree: too busy a machine to judge"));
    }

    @Test
    void fairAndRedlockTargetsCompareTheirOwnRowsAndAMissingRowIsNotRun() {
        ScenarioResult s5 = new ScenarioResult("S5", "t", "throughput", "hasp-fair", ContendedScenario.columns());
        s5.add(row("hasp-fair").put("throughput", 299.0));
        s5.add(row("redisson-fair").put("throughput", 100.0));
        ScenarioResult s6 = new ScenarioResult("S6", "t", "throughput", "hasp-1-node", UncontendedScenario.columns());
        s6.add(row("hasp-1-node").put("p50Us", 100.0));
        s6.add(row("hasp-redlock-3").put("p50Us", 120.0));
        Map<String, ScenarioResult> results = new LinkedHashMap<>();
        results.put("S5", s5);
        results.put("S6", s6);

        List<Target> targets = Targets.check(results);

        assertThat(status(targets, "S5 fair lock")).isEqualTo(Target.Status.MISSED);
        assertThat(status(targets, "S6 Redlock 3 nodes")).isEqualTo(Target.Status.MET);
        assertThat(status(targets, "S6 Redlock 5 nodes")).isEqualTo(Target.Status.NOT_RUN);
    }

    @Test
    void regionRedlockTargetsUseEachGroupsOwnReferenceAndARedlockWithoutCyclesMisses() {
        ScenarioResult s7 = new ScenarioResult("S7", "t", "p50Us", null, RegionRedlockScenario.columns());
        s7.add(row("hasp-1-node-2ms").put("p50Us", 100.0).put("cyclesRun", 10));
        s7.add(row("hasp-redlock-3").put("p50Us", 119.0).put("cyclesRun", 10));
        s7.add(row("redisson-redlock-3").put("p50Us", 500.0).put("cyclesRun", 10));
        s7.add(row("hasp-1-node-40ms").put("p50Us", 1000.0).put("cyclesRun", 10));
        s7.add(row("hasp-redlock-5").put("p50Us", 0.0).put("cyclesRun", 0));
        s7.add(row("redisson-redlock-5").put("p50Us", 5000.0).put("cyclesRun", 10));

        List<Target> targets = Targets.check(Map.of("S7", s7));

        assertThat(status(targets, "S7 Redlock 3 nodes, emulated delays: Hasp p50 <=")).isEqualTo(Target.Status.MET);
        assertThat(status(targets, "S7 Redlock 3 nodes, emulated delays: Hasp p50 < Redisson"))
                .isEqualTo(Target.Status.MET);
        assertThat(status(targets, "S7 Redlock 5 nodes, emulated delays: Hasp p50 <="))
                .isEqualTo(Target.Status.MISSED);
        assertThat(status(targets, "S7 Redlock 5 nodes, emulated delays: Hasp p50 < Redisson"))
                .isEqualTo(Target.Status.MISSED);
    }

    @Test
    void clusterTargetsCompareTheClusterRatioWithTheOneNodeRatioOfTheSameRun() {
        ScenarioResult s1 = new ScenarioResult("S1", "t", "throughput", "hasp", UncontendedScenario.columns());
        s1.add(row("hasp").put("throughput", 1200.0));
        s1.add(row("redisson").put("throughput", 1000.0));
        ScenarioResult s1c = new ScenarioResult("S1C", "t", "throughput", "hasp", UncontendedScenario.columns());
        s1c.add(row("hasp").put("throughput", 1190.0));
        s1c.add(row("redisson").put("throughput", 1000.0));
        ScenarioResult s3c = new ScenarioResult("S3C", "t", "throughput", "hasp", ContendedScenario.columns());
        s3c.add(row("hasp").put("throughput", 3000.0));
        s3c.add(row("redisson").put("throughput", 1000.0));
        Map<String, ScenarioResult> results = new LinkedHashMap<>();
        results.put("S1", s1);
        results.put("S1C", s1c);
        results.put("S3C", s3c);

        List<Target> targets = Targets.check(results);

        assertThat(status(targets, "S1C on a 3+3 cluster")).isEqualTo(Target.Status.MISSED);
        assertThat(status(targets, "S3C on a 3+3 cluster")).isEqualTo(Target.Status.NOT_RUN);
        assertThat(Targets.check(Map.of("S1", s1))).noneMatch(t -> t.issues().equals("14"));
    }

    @Test
    void twoCommandsPerCycleIsTheCommandTarget() {
        ScenarioResult census = new ScenarioResult("C", "t", "sentPerCycle", "hasp", CommandCensus.columns());
        census.add(row("hasp").put("sentPerCycle", 2.0).put("sent", "evalsha 2"));
        ScenarioResult worse = new ScenarioResult("C", "t", "sentPerCycle", "hasp", CommandCensus.columns());
        worse.add(row("hasp").put("sentPerCycle", 2.5).put("sent", "evalsha 2, ping 0.50"));

        assertThat(status(Targets.check(Map.of("C", census)), "Commands per")).isEqualTo(Target.Status.MET);
        assertThat(status(Targets.check(Map.of("C", worse)), "Commands per")).isEqualTo(Target.Status.MISSED);
    }

    private static Target.Status status(List<Target> targets, String textStart) {
        return targets.stream().filter(t -> t.text().startsWith(textStart)).findFirst().orElseThrow().status();
    }

    private static Row row(String id) {
        return Row.measured(new Candidate(id, id, id, null));
    }
}
