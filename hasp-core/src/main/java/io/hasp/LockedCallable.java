package io.hasp;

/**
 * Work to run while holding a lock, given the lease (for its {@link Lease#fencingToken()}), returning a value.
 *
 * @param <T> the result
 * @param <X> the checked exception the work may throw ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface LockedCallable<T, X extends Exception> {
    /**
     * Runs the work while {@code lease} holds the lock and returns its result.
     *
     * @param lease the lease held; pass its fencing token to the resource written
     * @return the work's result, returned by {@link Lock#withLock}
     * @throws X if the work fails; the lock is released all the same
     */
    T call(Lease lease) throws X;
}
