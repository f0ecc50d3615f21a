package io.hasp.cli;

import io.hasp.demo.LoadReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The demo's result: one aligned column per run, one row per measure. Stateless. */
final class ReportTable {
    private ReportTable() {
    }

    static String render(List<String> headings, List<LoadReport> runs) {
        List<Row> rows = List.of(
                new Row("requests", r -> count(r.requests())),
                new Row("successes", r -> count(r.successes())),
                new Row("errors", r -> count(r.errors())),
                new Row("final counter", r -> count(r.counterAfter())),
                new Row("counter advanced by", r -> count(r.counterAdvance())),
                new Row("lost updates", r -> count(r.lostUpdates())),
                new Row("duplicate values", r -> count(r.duplicateValues())),
                new Row("throughput (req/s)", r -> count(Math.round(r.throughput()))),
                new Row("p50 latency (ms)", r -> millis(r.p50())),
                new Row("p99 latency (ms)", r -> millis(r.p99())));
        int labelWidth = rows.stream().mapToInt(row -> row.label.length()).max().orElse(0);
        List<Integer> widths = new ArrayList<>();
        for (int c = 0; c < runs.size(); c++) {
            int width = headings.get(c).length();
            for (Row row : rows) {
                width = Math.max(width, row.value.apply(runs.get(c)).length());
            }
            widths.add(width);
        }
        StringBuilder out = new StringBuilder();
        out.append("  ").append(" ".repeat(labelWidth));
        for (int c = 0; c < runs.size(); c++) {
            out.append("   ").append(pad(headings.get(c), widths.get(c)));
        }
        out.append('\n');
        for (Row row : rows) {
            out.append("  ").append(row.label).append(" ".repeat(labelWidth - row.label.length()));
            for (int c = 0; c < runs.size(); c++) {
                out.append("   ").append(pad(row.value.apply(runs.get(c)), widths.get(c)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return " ".repeat(width - text.length()) + text;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toNanos() / 1e6);
    }

    private record Row(String label, Function<LoadReport, String> value) {
    }
}
