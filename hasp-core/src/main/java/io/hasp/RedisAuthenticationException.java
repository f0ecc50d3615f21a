package io.hasp;

/**
 * Redis refused to let the client in: the URI gives a wrong user name or password, or none where Redis requires one.
 * The message names the server ({@code host:port}, never the password) and Redis's own answer ({@code WRONGPASS},
 * {@code NOAUTH}). Retrying with the same settings will not help.
 */
public final class RedisAuthenticationException extends HaspException {
    private static final long serialVersionUID = 1L;

    /**
     * Redis refused the client's credentials.
     *
     * @param message the server and Redis's answer; never the password
     * @param cause the failure from the Redis client
     */
    public RedisAuthenticationException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
