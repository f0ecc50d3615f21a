package io.hasp.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One scenario's table: its columns, one row per implementation, and notes for the reader. The {@code vsRef} column
 * is every row's headline number divided by the reference row's (Hasp's). Built by one thread, then only read.
 */
final class ScenarioResult {
    static final String RATIO_KEY = "vsRef";

    private final String id;
    private final String title;
    private final String headlineKey;
    private final String referenceId;
    private final List<Column> columns;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String failure;

    ScenarioResult(String id, String title, String headlineKey, String referenceId, List<Column> columns) {
        this.id = id;
        this.title = title;
        this.headlineKey = headlineKey;
        this.referenceId = referenceId;
        this.columns = List.copyOf(columns);
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    String headlineKey() {
        return headlineKey;
    }

    String referenceId() {
        return referenceId;
    }

    List<Column> columns() {
        return columns;
    }

    List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** A scenario that could not finish: no table, only the reason. */
    static ScenarioResult failed(String id, String failure) {
        ScenarioResult result = new ScenarioResult(id, id + " failed", "throughput", "hasp", List.of());
        result.failure = failure;
        return result;
    }

    /** Why the scenario did not finish, or null. */
    String failure() {
        return failure;
    }

    void add(Row row) {
        rows.add(row);
    }

    void note(String note) {
        notes.add(note);
    }

    Optional<Row> row(String rowId) {
        return rows.stream().filter(r -> r.id().equals(rowId)).findFirst();
    }

    /** Fills the ratio column from the headline numbers; call once every row is in. */
    void computeRatios() {
        if (columns.stream().noneMatch(c -> c.key().equals(RATIO_KEY))) {
            return;
        }
        double reference = row(referenceId).map(r -> r.number(headlineKey)).orElse(Double.NaN);
        for (Row row : rows) {
            row.put(RATIO_KEY, Ratios.ratio(row.number(headlineKey), reference));
        }
    }
}
