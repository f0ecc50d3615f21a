package io.hasp.bench;

import io.hasp.RedlockOptions;
import io.hasp.testkit.FaultProxy;
import io.hasp.testkit.RedisNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * S7: S6 with the network of a real deployment. Every Redis node sits behind its own testkit {@link FaultProxy}
 * that delays each chunk one way (plus up to a tenth of that as jitter), so a round trip costs what a zone or region
 * away would: 3 nodes at 1, 2 and 5 ms one way (zones), 5 nodes at 5, 20, 40, 60 and 80 ms (regions). Each group is
 * compared, uncontended with one thread, with Hasp's single-node lock behind a proxy at the delay of the node that
 * decides the majority (the 2nd of 3, the 3rd of 5): the least any majority-based lock can wait. Redisson's
 * {@code RedissonRedLock} runs over the same proxies.
 */
final class RegionRedlockScenario {
    static final String ID = "S7";

    /** One group of nodes: their one-way delays, in ms, fastest first. */
    record Group(int... oneWayMillis) {
        int size() {
            return oneWayMillis.length;
        }

        /** The delay of the node whose answer completes a majority. */
        int majorityMillis() {
            return oneWayMillis[size() / 2];
        }

        String referenceId() {
            return "hasp-1-node-" + majorityMillis() + "ms";
        }
    }

    /**
     * Hasp's automatic per-node timeout (1% of the lease, at most 50 ms) is sized for one data centre: a node 40 ms
     * away one way never answers within it. Across regions a deployment sets it, as here, well above the slowest
     * round trip (160 ms) and far below the 30 s lease.
     */
    static final RedlockOptions ACROSS_REGIONS = RedlockOptions.builder().nodeTimeout(Duration.ofSeconds(1)).build();

    static final List<Group> GROUPS = List.of(new Group(1, 2, 5), new Group(5, 20, 40, 60, 80));

    static List<Column> columns() {
        return List.of(
                Column.decimal("p50Us", "p50 µs"),
                Column.ratio(ScenarioResult.RATIO_KEY, "p50 vs 1 node"),
                Column.decimal("p99Us", "p99 µs"),
                Column.count("throughput", "cycles/s"),
                Column.percent("spreadPct", "spread"));
    }

    ScenarioResult run(boolean hasp, boolean redisson, RunSettings settings, Consumer<String> progress)
            throws InterruptedException {
        int most = GROUPS.stream().mapToInt(Group::size).max().orElseThrow();
        progress.accept(ID + " starting " + most + " redis-server nodes behind delaying proxies");
        List<FaultProxy> proxies = new ArrayList<>();
        try (RedisNodes servers = RedisNodes.start(most)) {
            ScenarioResult result = new ScenarioResult(ID, ID + " Redlock across emulated zones and regions, "
                    + "uncontended, 1 thread", "p50Us", null, columns());
            for (Group group : GROUPS) {
                List<Candidate> candidates = new ArrayList<>();
                List<RedisTarget> delayed = new ArrayList<>();
                for (int i = 0; i < group.size(); i++) {
                    delayed.add(behindProxy(servers.uris().get(i), group.oneWayMillis()[i], proxies));
                }
                if (hasp) {
                    HaspImpl single = new HaspImpl(behindProxy(servers.uris().get(0), group.majorityMillis(),
                            proxies));
                    candidates.add(new Candidate(group.referenceId(), "hasp", single.label() + " single node at "
                            + group.majorityMillis() + " ms one way (reference)", single));
                    candidates.add(Implementations.haspRedlock(delayed, ACROSS_REGIONS));
                }
                if (redisson) {
                    candidates.add(Candidate.of(new RedissonRedLockImpl(delayed), "redisson"));
                }
                addGroup(result, group, candidates, settings, servers, progress);
            }
            result.note("One-way delays per node, ms: " + describe(GROUPS) + "; each chunk also gets up to a tenth "
                    + "of its delay as jitter, in order. p50 vs 1 node divides by the p50 of Hasp's single node "
                    + "at the delay of the node that completes the majority. Hasp's Redlock runs with a 1 s node "
                    + "timeout (the automatic one, at most 50 ms, is for one data centre).");
            return result;
        } finally {
            proxies.forEach(FaultProxy::close);
        }
    }

    private static void addGroup(ScenarioResult result, Group group, List<Candidate> candidates,
            RunSettings settings, RedisNodes servers, Consumer<String> progress) throws InterruptedException {
        String uri = servers.uris().get(0);
        try (RedisProbe probe = new RedisProbe(RedisTarget.parse(uri))) {
            UncontendedScenario scenario = new UncontendedScenario(ID, ID + " " + group.size() + " nodes", 1,
                    group.referenceId());
            ScenarioResult part = scenario.run(candidates, settings, probe, progress);
            double reference = part.row(group.referenceId()).map(r -> r.number("p50Us")).orElse(Double.NaN);
            for (Row row : part.rows()) {
                row.put(ScenarioResult.RATIO_KEY, Ratios.ratio(row.number("p50Us"), reference));
                result.add(row);
            }
        }
    }

    private static RedisTarget behindProxy(String uri, int oneWayMillis, List<FaultProxy> proxies) {
        RedisTarget node = RedisTarget.parse(uri);
        FaultProxy proxy = FaultProxy.start(node.host(), node.port());
        proxies.add(proxy);
        Duration delay = Duration.ofMillis(oneWayMillis);
        proxy.latency(delay, delay.dividedBy(10));
        return RedisTarget.parse(proxy.uri());
    }

    private static String describe(List<Group> groups) {
        List<String> parts = new ArrayList<>();
        for (Group group : groups) {
            List<String> delays = new ArrayList<>();
            for (int millis : group.oneWayMillis()) {
                delays.add(String.valueOf(millis));
            }
            parts.add(group.size() + " nodes " + String.join("/", delays));
        }
        return String.join(", ", parts);
    }
}
