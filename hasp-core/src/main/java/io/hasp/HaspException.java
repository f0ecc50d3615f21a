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

    /**
     * A failure concerning {@code lockName}.
     *
     * @param lockName the lock involved, or {@code null} for the client as a whole
     * @param message what went wrong
     */
    public HaspException(String lockName, String message) {
        super(message);
        this.lockName = lockName;
    }

    /**
     * A failure concerning {@code lockName}, caused by {@code cause}.
     *
     * @param lockName the lock involved, or {@code null} for the client as a whole
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public HaspException(String lockName, String message, Throwable cause) {
        super(message, cause);
        this.lockName = lockName;
    }

    /** {@return the lock this failure concerns, or {@code null} when it concerns the client as a whole} */
    public String lockName() {
        return lockName;
    }
}
