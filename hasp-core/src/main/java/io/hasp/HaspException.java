package io.hasp;

/**
 * Root of every exception Hasp throws. Unchecked, so lock calls compose with lambdas and streams.
 *
 * <p>Subclasses say what went wrong; {@link #lockName()} names the lock involved, or is {@code null} when the failure
 * concerns the client as a whole (for example a bad URI).
 */
public class HaspException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The lock this failure concerns, or {@code null}. */
    private final String lockName;

    /** A failure concerning {@code lockName} ({@code null} for the client as a whole). */
    public HaspException(String lockName, String message) {
        super(message);
        this.lockName = lockName;
    }

    /** A failure concerning {@code lockName} ({@code null} for the client as a whole), caused by {@code cause}. */
    public HaspException(String lockName, String message, Throwable cause) {
        super(message, cause);
        this.lockName = lockName;
    }

    /** The lock this failure concerns, or {@code null}. */
    public String lockName() {
        return lockName;
    }
}
