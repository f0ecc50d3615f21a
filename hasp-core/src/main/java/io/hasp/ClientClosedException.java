package io.hasp;

/**
 * The {@link Hasp} client was closed, so it sends nothing more to Redis: every acquire, release, extend and admin
 * call made after {@link Hasp#close()} fails with this exception, and so do waits still under way when it closed.
 * A lease held at that moment is neither released nor renewed: it is reported lost at once ({@link Lease#lost()}
 * completes, {@link Lease#isValid()} is false), its key in Redis ends with its lease time, and {@link Lease#release()}
 * keeps failing with this exception rather than pretending the lock is gone.
 */
public final class ClientClosedException extends HaspException {
    private static final long serialVersionUID = 1L;

    /**
     * A call on a closed client.
     *
     * @param lockName the lock the call concerned, or {@code null} for the client as a whole
     */
    public ClientClosedException(String lockName) {
        super(lockName, (lockName == null ? "" : "lock '" + lockName + "': ") + "the Hasp client is closed");
    }
}
