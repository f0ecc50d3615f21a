package io.hasp;

/**
 * Work to run while holding a lock, given the lease (for its {@link Lease#fencingToken()}).
 *
 * @param <X> the checked exception the work may throw ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface LockedRunnable<X extends Exception> {
    /**
     * Runs the work while {@code lease} holds the lock.
     *
     * @param lease the lease held; pass its fencing token to the resource written
     * @throws X if the work fails; the lock is released all the same
     */
    void run(Lease lease) throws X;
}
