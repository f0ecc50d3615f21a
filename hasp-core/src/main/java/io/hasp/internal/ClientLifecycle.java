package io.hasp.internal;

import io.hasp.ClientClosedException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a client is open. Every part that does Redis work on the client's behalf (lock loops, leases, admin) is
 * handed this object and asks it before starting, instead of asking the client. Thread-safe: one atomic flag, set
 * once.
 */
final class ClientLifecycle {
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Throws {@link ClientClosedException} if the client was closed; called before any Redis work. */
    void checkOpen(String lockName) {
        if (closed.get()) {
            throw new ClientClosedException(lockName);
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Marks the client closed; returns {@code true} only for the first call, which does the closing. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }
}
