package io.hasp.bench;

/**
 * One client instance of a lock implementation, with connections of its own, as one application process would have.
 * Thread-safe: every worker thread assigned to the client shares it.
 */
interface LockClient extends AutoCloseable {

    /**
     * Blocks until the lock on {@code key} is held, for at most {@link LockImpl#WAIT_LIMIT}.
     *
     * @throws IllegalStateException if the lock was not acquired within the wait limit
     */
    Held lock(String key) throws InterruptedException;

    /** Closes the client's connections and threads. */
    @Override
    void close();

    /** How a client takes the lock on a key; see {@link #lock}. */
    @FunctionalInterface
    interface Taker {
        Held take(String key) throws InterruptedException;
    }

    /** A client that takes locks with {@code taker} and closes with {@code close}. */
    static LockClient of(Taker taker, Runnable close) {
        return new LockClient() {
            @Override
            public Held lock(String key) throws InterruptedException {
                return taker.take(key);
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
