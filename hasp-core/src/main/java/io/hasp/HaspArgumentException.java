package io.hasp;

/** A caller passed a bad argument. The message names the argument and the value; nothing was sent to Redis. */
public final class HaspArgumentException extends HaspException {
    private static final long serialVersionUID = 1L;

    /**
     * A bad-argument failure.
     *
     * @param message names the argument and its value (a password or token is never shown)
     */
    public HaspArgumentException(String message) {
        super(null, message);
    }
}
