package io.hasp;

/**
 * Redis did not answer within the command timeout, or could not be reached. The operation's outcome on the server is
 * unknown; Hasp cleans up by token where it can (a timed-out acquire is released by its token).
 */
public final class RedisUnavailableException extends HaspException {
    private static final long serialVersionUID = 1L;

    /**
     * Redis failed or did not answer during an operation on lock {@code lockName}.
     *
     * @param lockName the lock involved, or {@code null} for the client as a whole (connecting, admin scans)
     * @param message what was being done, and on which server
     * @param cause the failure from the Redis client, such as a timeout or a closed connection
     */
    public RedisUnavailableException(String lockName, String message, Throwable cause) {
        super(lockName, message, cause);
    }
}
