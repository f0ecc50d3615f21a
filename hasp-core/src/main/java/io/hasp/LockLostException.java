package io.hasp;

/**
 * The lease was lost while its holder still believed it held the lock: its validity ran out, or Redis showed that the
 * key is gone or belongs to someone else. Work done under the lease since it was lost may overlap another holder's;
 * only a fenced write (see {@link Lease#fencingToken()}) can be trusted.
 */
public final class LockLostException extends LockNotHeldException {
    private static final long serialVersionUID = 1L;

    /**
     * Lock {@code lockName}'s lease was lost.
     *
     * @param lockName the lock
     * @param message how the lease was lost, with the token's prefix
     */
    public LockLostException(String lockName, String message) {
        super(lockName, message);
    }
}
