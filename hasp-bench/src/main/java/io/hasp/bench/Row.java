package io.hasp.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One implementation's line in a scenario table: its values by column key (numbers or text). Built by one scenario
 * thread, then only read.
 */
final class Row {
    private final String id;
    private final String label;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<Double> repetitions = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private Row(String id, String label) {
        this.id = id;
        this.label = label;
    }

    static Row measured(Candidate candidate) {
        return new Row(candidate.id(), candidate.label());
    }

    String id() {
        return id;
    }

    String label() {
        return label;
    }

    Row put(String key, double value) {
        values.put(key, value);
        return this;
    }

    Row put(String key, String value) {
        values.put(key, value);
        return this;
    }

    /** The number under {@code key}; NaN when the row has none. */
    double number(String key) {
        Object value = values.get(key);
        return value instanceof Double ? (Double) value : Double.NaN;
    }

    Object value(String key) {
        return values.get(key);
    }

    Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** The headline number of each repetition, in run order. */
    List<Double> repetitions() {
        return Collections.unmodifiableList(repetitions);
    }

    void addRepetition(double headline) {
        repetitions.add(headline);
    }

    /** Something that went wrong: errors, a broken mutual exclusion. A row with problems is not a valid result. */
    void addProblem(String problem) {
        problems.add(problem);
    }

    List<String> problems() {
        return Collections.unmodifiableList(problems);
    }
}
