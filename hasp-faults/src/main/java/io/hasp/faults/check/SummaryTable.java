package io.hasp.faults.check;

import java.util.Locale;
import java.util.Map;

/**
 * Renders check results as Markdown tables (readable in a terminal, pasteable into docs): one row per scenario with
 * operations, acquires, writes, faults and violations per kind; one row per scenario and fault kind with recovery
 * times; then the violations themselves. Stateless.
 */
public final class SummaryTable {
    private static final int MAX_LISTED = 20;

    private SummaryTable() {
    }

    /** @param results scenario label to its result, in the order to print */
    public static String render(Map<String, CheckResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | processes | operations | acquires ok/timeout/info | writes applied/rejected/info "
                + "| reads rejected | leases lost | longest without a grant | faults | double grants (data loss) "
                + "| double grants (failover) ");
        for (ViolationKind kind : ViolationKind.values()) {
            out.append("| ").append(kind.number()).append(' ').append(kind.label()).append(' ');
        }
        out.append("|\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:");
        out.append("|---:".repeat(ViolationKind.values().length)).append("|\n");
        results.forEach((scenario, r) -> {
            RunStats s = r.stats();
            out.append("| ").append(scenario)
                    .append(" | ").append(s.workerProcesses())
                    .append(" | ").append(s.operations())
                    .append(" | ").append(triple(s.acquires()))
                    .append(" | ").append(triple(s.writes()))
                    .append(" | ").append(s.reads().fail())
                    .append(" | ").append(s.leasesReportedLost())
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f s", s.longestDroughtMillis() / 1000.0))
                    .append(" | ").append(s.faultsInjected())
                    .append(" | ").append(r.staleLeases().doubleGrantsAfterDataLoss())
                    .append(" | ").append(r.staleLeases().doubleGrantsAfterFailover());
            for (ViolationKind kind : ViolationKind.values()) {
                out.append(" | ").append(r.count(kind));
            }
            out.append(" |\n");
        });

        out.append("\n| scenario | fault kind | injected | recovery measured | median ms | max ms | unrecovered |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|\n");
        results.forEach((scenario, r) -> r.stats().faults().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> {
                    RecoveryStats rec = r.recovery().get(entry.getKey());
                    out.append("| ").append(scenario).append(" | ").append(entry.getKey()).append(" | ")
                            .append(entry.getValue()).append(" | ")
                            .append(rec == null ? "0 | - | - | -" : rec.measured() + " | " + ms(rec.medianMillis())
                                    + " | " + ms(rec.maxMillis()) + " | " + rec.unrecovered())
                            .append(" |\n");
                }));

        results.forEach((scenario, r) -> {
            PausedHolderStats p = r.pausedHolders();
            LostUpdateFindings u = r.lostUpdates();
            out.append('\n').append(scenario).append(": counter ").append(u.finalValue() < 0 ? "?" : u.finalValue())
                    .append(" = ").append(u.appliedWrites()).append(" applied writes + ")
                    .append(u.indeterminateApplied()).append(" of unknown outcome shown applied");
            if (p.paused() > 0) {
                out.append("; paused holders ").append(p.paused()).append(": writes after the pause rejected ")
                        .append(p.writesRejected()).append(", applied ").append(p.writesApplied())
                        .append(", leases reported lost ").append(p.reportedLost());
            }
            DataLossStats d = r.dataLoss();
            if (d.restarts() > 0) {
                out.append("; restarts without persistence ").append(d.restarts()).append(": double grants ")
                        .append(d.doubleGrants()).append(", writes by holders from before the restart rejected ")
                        .append(d.staleWritesRejected()).append(", applied ").append(d.staleWritesApplied());
            }
            if (r.stats().hostStalls() > 0) {
                out.append("; host stalls ").append(r.stats().hostStalls()).append(" (longest ")
                        .append(r.stats().longestStallMillis()).append(" ms)");
            }
            if (r.stats().tornLines() > 0) {
                out.append("; torn history lines ").append(r.stats().tornLines());
            }
            out.append('\n');
        });

        results.forEach((scenario, r) -> {
            if (r.valid()) {
                return;
            }
            out.append('\n').append(scenario).append(": ").append(r.violations().size()).append(" violations\n");
            r.violations().stream().limit(MAX_LISTED).forEach(v -> out.append("  ").append(v).append('\n'));
            if (r.violations().size() > MAX_LISTED) {
                out.append("  ... ").append(r.violations().size() - MAX_LISTED).append(" more\n");
            }
        });
        return out.toString();
    }

    private static String triple(RunStats.Outcomes o) {
        return o.ok() + "/" + o.fail() + "/" + o.info();
    }

    private static String ms(double millis) {
        return millis < 0 ? "-" : String.format(Locale.ROOT, "%.0f", millis);
    }
}
