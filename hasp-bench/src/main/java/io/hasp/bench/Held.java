package io.hasp.bench;

/** A lock that a {@link LockClient} holds for one cycle. Used by the one thread that took it. */
@FunctionalInterface
interface Held {

    /** Releases the lock; throws if the implementation reports that the lock was no longer held. */
    void unlock();
}
