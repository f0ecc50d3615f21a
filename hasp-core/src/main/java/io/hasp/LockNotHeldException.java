package io.hasp;

/**
 * An operation needed the lease to still hold its lock, and it does not: it was released, it expired, or another
 * owner took the lock after it expired.
 */
public class LockNotHeldException extends HaspException {
    private static final long serialVersionUID = 1L;

    /**
     * Lock {@code lockName} is not held by the lease an operation needed.
     *
     * @param lockName the lock
     * @param message why the lease no longer holds it
     */
    public LockNotHeldException(String lockName, String message) {
        super(lockName, message);
    }
}
