package io.hasp.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One node's view of a Redis Cluster, parsed from its {@code CLUSTER NODES} reply: who is a primary, who replicates
 * whom, who is marked failed, and which slots each primary serves. Immutable.
 */
record ClusterNodesView(List<Entry> entries) {

    /** One line of {@code CLUSTER NODES}. */
    record Entry(String id, int port, boolean primary, boolean failed, String primaryId, List<int[]> slotRanges) {

        boolean serves(int slot) {
            for (int[] range : slotRanges) {
                if (slot >= range[0] && slot <= range[1]) {
                    return true;
                }
            }
            return false;
        }
    }

    static ClusterNodesView parse(String clusterNodes) {
        List<Entry> entries = new ArrayList<>();
        for (String line : clusterNodes.split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.strip().split(" ");
            String address = fields[1];
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':', address.indexOf('@')) + 1,
                    address.indexOf('@')));
            List<String> flags = List.of(fields[2].split(","));
            List<int[]> ranges = new ArrayList<>();
            for (int i = 8; i < fields.length; i++) {
                String slots = fields[i];
                if (slots.startsWith("[")) {
                    continue; // an importing or migrating marker, not a served slot
                }
                int dash = slots.indexOf('-');
                ranges.add(dash < 0 ? new int[] {Integer.parseInt(slots), Integer.parseInt(slots)}
                        : new int[] {Integer.parseInt(slots.substring(0, dash)),
                            Integer.parseInt(slots.substring(dash + 1))});
            }
            entries.add(new Entry(fields[0], port, flags.contains("master"), flags.contains("fail"),
                    "-".equals(fields[3]) ? null : fields[3], List.copyOf(ranges)));
        }
        return new ClusterNodesView(List.copyOf(entries));
    }

    Optional<Entry> byPort(int port) {
        return entries.stream().filter(e -> e.port() == port).findFirst();
    }

    /** The healthy primary this view says serves {@code slot}. */
    Optional<Entry> primaryFor(int slot) {
        return entries.stream().filter(e -> e.primary() && !e.failed() && e.serves(slot)).findFirst();
    }
}
