package io.hasp.bench;

/** A lock that a {@link LockClient} holds for one cycle. Used by the one thread that took it. */
@FunctionalInterface
interface Held {

    /** Releases the lock; throws if the implementation reports that the lock was no longer held. */
    void unlock();

    /**
     * Whether others may hold the same key at once by design: a read lock among readers, or one permit of a
     * semaphore. The referees of the primitive scenarios use it; a plain lock is never shared.
     */
    default boolean shared() {
        return false;
    }

    /** A held read lock or permit that {@code release} releases. */
    static Held shared(Runnable release) {
        return new Held() {
            @Override
            public void unlock() {
                release.run();
            }

            @Override
            public boolean shared() {
                return true;
            }
        };
    }
}
