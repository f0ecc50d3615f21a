package io.hasp.testkit;

/**
 * The one unchecked exception of the testkit: a server did not start, a command failed, a connection broke.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class TestkitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure that {@code message} describes.
     *
     * @param message what failed, naming the server or process
     */
    public TestkitException(String message) {
        super(message);
    }

    /**
     * A failure that {@code message} describes, caused by {@code cause}.
     *
     * @param message what failed, naming the server or process
     * @param cause the underlying failure
     */
    public TestkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
