package io.hasp;

import java.time.Duration;

/** The lock stayed held by someone else for the whole wait. Nothing is left locked on our behalf. */
public final class LockTimeoutException extends HaspException {
    private static final long serialVersionUID = 1L;
    /** How long the caller waited before giving up. */
    private final Duration waited;

    /**
     * Lock {@code lockName} stayed held by another owner for the whole {@code waited}.
     *
     * @param lockName the lock waited for
     * @param waited the wait the caller gave
     */
    public LockTimeoutException(String lockName, Duration waited) {
        super(lockName, "lock '" + lockName + "' was not acquired within " + waited);
        this.waited = waited;
    }

    /** {@return how long the caller waited before giving up: the wait it gave} */
    public Duration waited() {
        return waited;
    }
}
