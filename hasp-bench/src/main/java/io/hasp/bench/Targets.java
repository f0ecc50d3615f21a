package io.hasp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Checks the targets of issues 3, 5, 7, 14, 16 and 17 against the tables of one run. */
final class Targets {
    /** A paired ratio whose rounds disagree more than this (interquartile range over median, %) is not a finding. */
    static final double UNSTEADY_SPREAD_PCT = 100;
    /** Issue 17's targets against the raw {@code SET NX PX} + compare-and-delete baseline, in one run. */
    static final double S1_RAW_FACTOR = 0.95;
    static final double S2_RAW_FACTOR = 0.9;

    private final Map<String, ScenarioResult> results;
    private final List<Target> targets = new ArrayList<>();

    private Targets(Map<String, ScenarioResult> results) {
        this.results = results;
    }

    /** Every target, in issue order; those whose scenario or rows did not run say so. */
    static List<Target> check(Map<String, ScenarioResult> results) {
        Targets t = new Targets(results);
        t.throughput("7", "S1", "redisson", 1.5, "S1 uncontended 1 thread: Hasp >= 1.5x Redisson RLock");
        // Issue 7 asked 0.9x raw for both; issue 17 raised S1 to 0.95x and kept S2 at 0.9x: the stricter one counts.
        t.throughput("7, 17", "S1", "raw", S1_RAW_FACTOR, "S1 uncontended 1 thread: Hasp >= "
                + factor(S1_RAW_FACTOR) + "x the raw baseline (issue 17; issue 7 asked 0.9x)");
        t.throughput("7", "S2", "redisson", 2.0, "S2 uncontended 16 threads: Hasp >= 2x Redisson RLock");
        t.throughput("7, 17", "S2", "raw", S2_RAW_FACTOR, "S2 uncontended 16 threads: Hasp >= "
                + factor(S2_RAW_FACTOR) + "x the raw baseline (issues 7 and 17)");
        List<String> hotKeys = new ArrayList<>(List.of("S3", "S4"));
        for (String optIn : List.of("S3-1", "S4-1", JvmContendedScenario.ID)) {
            if (results.containsKey(optIn)) {
                hotKeys.add(optIn); // opt-in: listed only when it ran
            }
        }
        for (String hot : hotKeys) {
            String issues = hot.endsWith("-1") ? "17" : "3, 7";
            t.throughput(issues, hot, "redisson", 3.0, hot + " hot key: Hasp >= 3x Redisson RLock sections/s");
            t.p99NoWorse(issues, hot, "hasp", "redisson", hot + " hot key: Hasp p99 wait <= Redisson RLock's");
            t.noStarvation(issues, hot, "hasp", hot + " hot key: no starved Hasp waiter (each completes >= 1 section)");
        }
        t.throughputNamed("3, 7", "S5", "hasp-fair", "redisson-fair", 3.0,
                "S5 fair lock: Hasp fair >= 3x Redisson RFairLock");
        t.commandsPerCycle();
        t.redlock(3);
        t.redlock(5);
        if (results.containsKey(RegionRedlockScenario.ID)) { // opt-in: listed only when it ran, as S3J
            for (RegionRedlockScenario.Group group : RegionRedlockScenario.GROUPS) {
                t.regionRedlock(group);
            }
        }
        for (String[] pair : new String[][] {{ClusterScenarios.S1, "S1"}, {ClusterScenarios.S3, "S3"}}) {
            if (results.containsKey(pair[0])) { // opt-in: listed only when it ran, as S3J
                t.keepsOneNodeRatio(pair[0], pair[1], "redisson");
            }
        }
        t.primitives();
        return t.targets;
    }

    /** Issue 14: on the cluster, Hasp is at least as far ahead of {@code peer} as on one node in this run. */
    private void keepsOneNodeRatio(String clusterScenario, String oneNode, String peer) {
        String text = clusterScenario + " on a 3+3 cluster: Hasp/" + peer + " throughput ratio >= " + oneNode
                + "'s on one node";
        Optional<Row[]> cluster = measuredPair("14", clusterScenario, "hasp", peer, text);
        if (cluster.isEmpty()) {
            return;
        }
        double onCluster = Ratios.ratio(cluster.get()[0].number("throughput"), cluster.get()[1].number("throughput"));
        Optional<Row> haspOne = row(oneNode, "hasp");
        Optional<Row> peerOne = row(oneNode, peer);
        if (haspOne.isEmpty() || peerOne.isEmpty()) {
            targets.add(new Target("14", text, Target.Status.NOT_RUN, String.format(Locale.ROOT,
                    "%.2fx on the cluster; %s not run in this run for both", onCluster, oneNode)));
            return;
        }
        double onOne = Ratios.ratio(haspOne.get().number("throughput"), peerOne.get().number("throughput"));
        add("14", text, Ratios.meets(onCluster, onOne), String.format(Locale.ROOT,
                "%.2fx on the cluster vs %.2fx on one node", onCluster, onOne));
    }

    /** Issue 16, for each primitive scenario that ran (they are opt-in, as S3J). */
    private void primitives() {
        String issue = "16";
        if (results.containsKey("P1")) {
            for (String peer : List.of("redisson-semaphore", "redisson-expirable")) {
                throughputNamed(issue, "P1", "hasp-semaphore", peer, 2.0, "P1 semaphore uncontended: Hasp >= 2x "
                        + peer);
            }
            // Every semaphore needs the same 2 round trips a cycle: the floor bounds each ratio above (see
            // docs/benchmarks.md), so how near Hasp comes to it is the measure that can move.
            throughputNamed(issue, "P1", "hasp-semaphore", "raw-semaphore", 0.9, "P1 semaphore uncontended: Hasp >= "
                    + "0.9x the raw 2-round-trip floor");
        }
        if (results.containsKey("P2")) {
            for (String peer : List.of("redisson-semaphore", "redisson-expirable")) {
                throughputNamed(issue, "P2", "hasp-semaphore", peer, 2.0, "P2 semaphore, 16 waiters: Hasp >= 2x "
                        + peer);
                p99NoWorse(issue, "P2", "hasp-semaphore", peer, "P2 semaphore, 16 waiters: Hasp p99 wait <= "
                        + peer + "'s");
            }
            noStarvation(issue, "P2", "hasp-semaphore", "P2 semaphore, 16 waiters: no starved Hasp waiter");
        }
        if (results.containsKey("P3")) {
            throughputNamed(issue, "P3", "hasp-rw", "redisson-rw", 2.0, "P3 read-write lock, 90% reads: Hasp >= 2x "
                    + "RReadWriteLock");
            p99NoWorse(issue, "P3", "hasp-rw", "redisson-rw", "P3 read-write lock, 90% reads: Hasp p99 wait <= "
                    + "RReadWriteLock's");
            noStarvation(issue, "P3", "hasp-rw", "P3 read-write lock, 90% reads: no starved Hasp waiter");
        }
    }

    private void throughput(String issues, String scenario, String peer, double factor, String text) {
        Optional<Row[]> pair = measuredPair(issues, scenario, "hasp", peer, text);
        if (pair.isEmpty()) {
            return;
        }
        double hasp = pair.get()[0].number("throughput");
        double other = pair.get()[1].number("throughput");
        double ratio = throughputRatio(scenario, pair.get());
        String detail = String.format(Locale.ROOT, "Hasp %,.0f/s vs %s %,.0f/s = %.2fx%s (target %sx)", hasp, peer,
                other, ratio, inTurns(scenario, pair.get()), factor(factor));
        double haspP50 = pair.get()[0].number("p50Us");
        double otherP50 = pair.get()[1].number("p50Us");
        if (!Double.isNaN(haspP50) && !Double.isNaN(otherP50)) {
            // Latency is the steadier witness on a busy machine: show it next to the throughput verdict.
            detail += String.format(Locale.ROOT, "; p50 %.0f vs %.0f µs", haspP50, otherP50);
        }
        add(issues, text, Ratios.meets(ratio, factor), detail);
    }

    /** A target factor as the issues write it: 0.95, 1.5, 3.0 (one decimal would print 0.95 as 1.0). */
    static String factor(double factor) {
        String twoDecimals = String.format(Locale.ROOT, "%.2f", factor);
        return twoDecimals.endsWith("0") ? twoDecimals.substring(0, twoDecimals.length() - 1) : twoDecimals;
    }

    private void p99NoWorse(String issues, String scenario, String ours, String peer, String text) {
        Optional<Row[]> pair = measuredPair(issues, scenario, ours, peer, text);
        if (pair.isEmpty()) {
            return;
        }
        double hasp = pair.get()[0].number("p99WaitMs");
        double other = pair.get()[1].number("p99WaitMs");
        String detail = String.format(Locale.ROOT, "Hasp p99 %.1f ms vs %s %.1f ms (%.2fx)", hasp, peer, other,
                Ratios.ratio(hasp, other));
        add(issues, text, hasp <= other, detail);
    }

    private void noStarvation(String issues, String scenario, String ours, String text) {
        Optional<Row> hasp = row(scenario, ours);
        if (hasp.isEmpty()) {
            targets.add(new Target(issues, text, Target.Status.NOT_RUN, scenario + " Hasp row not run"));
            return;
        }
        double fewest = hasp.get().number("fewestSections");
        add(issues, text, fewest >= 1, String.format(Locale.ROOT, "fewest sections by one Hasp waiter in one window: "
                + "%.0f; max wait %.1f ms", fewest, hasp.get().number("maxWaitMs")));
    }

    private void throughputNamed(String issues, String scenario, String ours, String peer, double factor,
            String text) {
        Optional<Row[]> pair = measuredPair(issues, scenario, ours, peer, text);
        if (pair.isEmpty()) {
            return;
        }
        double hasp = pair.get()[0].number("throughput");
        double other = pair.get()[1].number("throughput");
        double ratio = throughputRatio(scenario, pair.get());
        add(issues, text, Ratios.meets(ratio, factor), String.format(Locale.ROOT,
                "%s %,.0f/s vs %s %,.0f/s = %.2fx%s (target %sx)", ours, hasp, peer, other, ratio,
                inTurns(scenario, pair.get()), factor(factor)));
    }

    /**
     * Ours over the peer's throughput: where the scenario ran them in turns and ours is its reference, the peer's
     * paired ratio read the other way round (exactly its reciprocal, see {@link PairedRatio}); else the headlines'.
     */
    private double throughputRatio(String scenario, Row[] pair) {
        if (paired(scenario, pair)) {
            return 1 / pair[1].number(ScenarioResult.RATIO_KEY);
        }
        return Ratios.ratio(pair[0].number("throughput"), pair[1].number("throughput"));
    }

    /**
     * How {@link #throughputRatio} was found, for the detail: empty for a ratio of headlines. Rounds that disagree by
     * more than {@link #UNSTEADY_SPREAD_PCT} say the machine's load, not the code, set the ratio.
     */
    private String inTurns(String scenario, Row[] pair) {
        if (!paired(scenario, pair)) {
            return "";
        }
        double spread = pair[1].number(UncontendedScenario.RATIO_SPREAD_KEY);
        return String.format(Locale.ROOT, " in turns (median of %.0f rounds, ratio IQR %.0f%%%s)",
                pair[1].number(UncontendedScenario.PAIRS_KEY), spread, spread > UNSTEADY_SPREAD_PCT
                        ? "; the rounds disagree: too busy a machine to judge" : "");
    }

    private boolean paired(String scenario, Row[] pair) {
        return pair[1].number(UncontendedScenario.PAIRS_KEY) > 0
                && pair[0].id().equals(results.get(scenario).referenceId());
    }

    private void commandsPerCycle() {
        String text = "Commands per uncontended cycle: 2 (acquire, release), nothing else on the hot path";
        Optional<Row> hasp = row(CommandCensus.ID, "hasp");
        if (hasp.isEmpty()) {
            targets.add(new Target("7", text, Target.Status.NOT_RUN, "command census not run for Hasp"));
            return;
        }
        double sent = hasp.get().number("sentPerCycle");
        add("7", text, sent == 2.0, String.format(Locale.ROOT, "Hasp sent %.2f per cycle: %s", sent,
                hasp.get().value("sent")));
    }

    private void redlock(int nodes) {
        String text = "S6 Redlock " + nodes + " nodes: Hasp latency <= 1.2x Hasp single-node latency";
        String ours = "hasp-redlock-" + nodes;
        Optional<Row> hasp = row(RedlockScenario.ID, ours);
        if (hasp.isEmpty()) {
            targets.add(new Target("5", text, Target.Status.NOT_RUN, "S6 not run"));
            return;
        }
        Optional<Row> single = row(RedlockScenario.ID, RedlockScenario.REFERENCE_ID);
        double ratio = Ratios.ratio(hasp.get().number("p50Us"), single.map(r -> r.number("p50Us")).orElse(Double.NaN));
        add("5", text, !Double.isNaN(ratio) && ratio <= 1.2, String.format(Locale.ROOT, "p50 %.2fx single-node",
                ratio));
    }

    /** S7: across emulated zones or regions, near the majority node's round trip and ahead of RedissonRedLock. */
    private void regionRedlock(RegionRedlockScenario.Group group) {
        int n = group.size();
        String scenario = RegionRedlockScenario.ID;
        String ours = "hasp-redlock-" + n;
        String nearText = scenario + " Redlock " + n + " nodes, emulated delays: Hasp p50 <= 1.2x Hasp single node at "
                + group.majorityMillis() + " ms";
        Optional<Row> hasp = row(scenario, ours);
        Optional<Row> single = row(scenario, group.referenceId());
        if (hasp.isEmpty() || single.isEmpty()) {
            targets.add(new Target("17", nearText, Target.Status.NOT_RUN, scenario + " not run for Hasp"));
        } else if (!(hasp.get().number("cyclesRun") > 0)) {
            add("17", nearText, false, "Hasp's Redlock completed no cycle");
        } else {
            double ratio = Ratios.ratio(hasp.get().number("p50Us"), single.get().number("p50Us"));
            add("17", nearText, !Double.isNaN(ratio) && ratio <= 1.2, String.format(Locale.ROOT,
                    "p50 %.0f vs %.0f µs = %.2fx", hasp.get().number("p50Us"), single.get().number("p50Us"), ratio));
        }
        String peerText = scenario + " Redlock " + n + " nodes, emulated delays: Hasp p50 < RedissonRedLock's";
        Optional<Row[]> pair = measuredPair("17", scenario, ours, "redisson-redlock-" + n, peerText);
        if (pair.isPresent() && !(pair.get()[0].number("cyclesRun") > 0)) {
            add("17", peerText, false, "Hasp's Redlock completed no cycle");
        } else if (pair.isPresent()) {
            double ourP50 = pair.get()[0].number("p50Us");
            double peerP50 = pair.get()[1].number("p50Us");
            add("17", peerText, ourP50 < peerP50, String.format(Locale.ROOT, "p50 %.0f vs %.0f µs; p99 %.0f vs %.0f µs",
                    ourP50, peerP50, pair.get()[0].number("p99Us"), pair.get()[1].number("p99Us")));
        }
    }

    private Optional<Row[]> measuredPair(String issues, String scenario, String ours, String peer, String text) {
        Optional<Row> a = row(scenario, ours);
        Optional<Row> b = row(scenario, peer);
        if (a.isEmpty() || b.isEmpty()) {
            targets.add(new Target(issues, text, Target.Status.NOT_RUN, scenario + " rows for " + ours + " and "
                    + peer + " not both measured"));
            return Optional.empty();
        }
        return Optional.of(new Row[] {a.get(), b.get()});
    }

    private Optional<Row> row(String scenario, String id) {
        ScenarioResult result = results.get(scenario);
        return result == null ? Optional.empty() : result.row(id);
    }

    private void add(String issues, String text, boolean met, String detail) {
        targets.add(new Target(issues, text, met ? Target.Status.MET : Target.Status.MISSED, detail));
    }
}
