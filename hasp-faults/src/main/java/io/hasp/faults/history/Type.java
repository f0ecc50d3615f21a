package io.hasp.faults.history;

/**
 * The type of an event, as in Jepsen: an operation is invoked, then completes ok (it happened), fail (it certainly did
 * not happen) or info (indeterminate: it may or may not have happened). Immutable.
 */
public enum Type {
    INVOKE,
    OK,
    FAIL,
    INFO;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Type parse(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
