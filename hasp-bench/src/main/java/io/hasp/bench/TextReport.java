package io.hasp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Report} as Markdown: readable in a terminal, and pasteable into docs/benchmarks.md as it is. */
final class TextReport {
    private TextReport() {
    }

    static String render(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("# Hasp benchmark\n\n");
        for (Map.Entry<String, String> fact : report.environment().facts().entrySet()) {
            out.append("- ").append(fact.getKey()).append(": ").append(fact.getValue()).append('\n');
        }
        for (ScenarioResult result : report.results().values()) {
            out.append("\n## ").append(result.title()).append("\n\n");
            if (result.failure() != null) {
                out.append("Did not finish: ").append(result.failure()).append('\n');
                continue;
            }
            table(out, result);
            for (String note : result.notes()) {
                out.append("\n").append(note).append('\n');
            }
        }
        out.append("\n## Targets\n\n");
        out.append("| issue | target | status | numbers |\n|---|---|---|---|\n");
        for (Target target : report.targets()) {
            out.append("| ").append(target.issues()).append(" | ").append(target.text()).append(" | ")
                    .append(target.status().text()).append(" | ").append(target.detail()).append(" |\n");
        }
        List<String> problems = report.problems();
        if (!problems.isEmpty()) {
            out.append("\n## Problems\n\n");
            problems.forEach(p -> out.append("- ").append(p).append('\n'));
        }
        return out.toString();
    }

    private static void table(StringBuilder out, ScenarioResult result) {
        List<String> header = new ArrayList<>();
        header.add("implementation");
        result.columns().forEach(c -> header.add(c.header()));
        List<List<String>> lines = new ArrayList<>();
        for (Row row : result.rows()) {
            List<String> cells = new ArrayList<>();
            cells.add(row.label());
            for (Column column : result.columns()) {
                cells.add(format(row.value(column.key()), column.format()));
            }
            lines.add(cells);
        }
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> line : lines) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        line(out, header, widths, false);
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "-".repeat(widths[i] + 2) : "-".repeat(widths[i] + 1) + ":").append('|');
        }
        out.append(rule).append('\n');
        for (List<String> cells : lines) {
            line(out, cells, widths, true);
        }
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths, boolean alignNumbers) {
        out.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String padding = " ".repeat(widths[i] - cell.length());
            out.append(' ');
            out.append(i > 0 && alignNumbers ? padding + cell : cell + padding);
            out.append(" |");
        }
        out.append('\n');
    }

    /** A cell: numbers in the column's format, text as it is, a dash for a missing value. */
    static String format(Object value, Column.Format format) {
        if (value == null) {
            return "-";
        }
        if (value instanceof String) {
            return (String) value;
        }
        double d = ((Number) value).doubleValue();
        if (Double.isNaN(d)) {
            return "-";
        }
        switch (format) {
            case COUNT:
                return String.format(Locale.ROOT, "%,.0f", d);
            case ONE_DECIMAL:
                return String.format(Locale.ROOT, "%,.1f", d);
            case TWO_DECIMALS:
                return String.format(Locale.ROOT, "%.2f", d);
            case RATIO:
                return String.format(Locale.ROOT, "%.2fx", d);
            case PERCENT:
                return String.format(Locale.ROOT, "%.0f%%", d);
            default:
                return String.valueOf(value);
        }
    }
}
