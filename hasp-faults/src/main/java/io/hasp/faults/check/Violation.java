package io.hasp.faults.check;

/**
 * One thing the checker found wrong. Immutable.
 *
 * @param kind which of the five checks found it
 * @param description what happened, naming the processes, threads and fencing tokens involved
 */
public record Violation(ViolationKind kind, String description) {
    @Override
    public String toString() {
        return "[" + kind.number() + " " + kind.label() + "] " + description;
    }
}
