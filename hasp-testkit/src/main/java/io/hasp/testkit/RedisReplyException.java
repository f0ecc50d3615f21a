package io.hasp.testkit;

/**
 * Redis answered a command with an error reply (RESP {@code -ERR ...}); the connection stays usable.
 *
 * <p>Immutable and therefore thread-safe.
 */
public final class RedisReplyException extends TestkitException {
    private static final long serialVersionUID = 1L;

    /** The error text as Redis sent it. */
    private final String reply;

    RedisReplyException(String command, String reply) {
        super("Redis replied to " + command + " with error: " + reply);
        this.reply = reply;
    }

    /** {@return the error text as Redis sent it, e.g. {@code "ERR unknown command 'FOO'"} or {@code "LOADING ..."}} */
    public String reply() {
        return reply;
    }

    /** {@return the first word of the error, e.g. {@code "ERR"}, {@code "LOADING"}, {@code "MOVED"}} */
    public String errorCode() {
        int space = reply.indexOf(' ');
        return space < 0 ? reply : reply.substring(0, space);
    }
}
