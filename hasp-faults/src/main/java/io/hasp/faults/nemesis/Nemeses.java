package io.hasp.faults.nemesis;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every nemesis by kind. Stateless. */
public final class Nemeses {
    private static final Map<String, Nemesis> BY_KIND = List.of(
            new KillWorker(),
            new PauseHolder(),
            new PauseNodes(NodeSet.ALL),
            new RestartNodes(NodeSet.ALL),
            new RestartUnderHolder(),
            new ProxyNemesis(ProxyNemesis.Mode.PARTITION),
            new ProxyNemesis(ProxyNemesis.Mode.CUT),
            new ProxyNemesis(ProxyNemesis.Mode.SLOW),
            new PauseNodes(NodeSet.MINORITY),
            new PauseNodes(NodeSet.MAJORITY),
            new PartitionNodes(NodeSet.ALL),
            new RestartNodes(NodeSet.MINORITY),
            new RestartNodes(NodeSet.MAJORITY),
            new PartitionNodes(NodeSet.MINORITY),
            new PartitionNodes(NodeSet.MAJORITY),
            new ForcedFailover(),
            new KillPrimary(false),
            new KillPrimary(true),
            new PausePrimary(),
            new MoveLockSlot())
            .stream().collect(Collectors.toUnmodifiableMap(Nemesis::kind, Function.identity()));

    private Nemeses() {
    }

    /**
     * @throws IllegalArgumentException naming the known kinds if there is none of that kind
     */
    public static Nemesis of(String kind) {
        Nemesis nemesis = BY_KIND.get(kind);
        if (nemesis == null) {
            throw new IllegalArgumentException("nemesis must be one of " + BY_KIND.keySet().stream().sorted().toList()
                    + ", got '" + kind + "'");
        }
        return nemesis;
    }

    public static List<Nemesis> of(List<String> kinds) {
        return kinds.stream().map(Nemeses::of).toList();
    }
}
