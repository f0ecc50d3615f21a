package io.hasp.internal;

import io.hasp.ClientClosedException;
import io.hasp.RedisAuthenticationException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Whether a client is open, and whether Redis refuses it meanwhile. Every part that does Redis work on the client's
 * behalf (lock loops, leases, admin) is handed this object and asks it before starting, instead of asking the client,
 * and has it say what a failed call tells the caller ({@link #failure}). Thread-safe: one atomic flag, set once, and
 * the topology's own thread-safe answer to whether Redis refused the client's credentials.
 */
final class ClientLifecycle {
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Supplier<Optional<RedisAuthenticationException>> refusal;

    /** {@code refusal}: why Redis refuses the client's reconnects now, if it refused its credentials. */
    ClientLifecycle(Supplier<Optional<RedisAuthenticationException>> refusal) {
        this.refusal = refusal;
    }

    /** Throws {@link ClientClosedException} if the client was closed; called before any Redis work. */
    void checkOpen(String lockName) {
        if (closed.get()) {
            throw new ClientClosedException(lockName);
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Whether Redis refused the client's credentials when it last tried to reconnect: retrying will not help. */
    boolean isRefused() {
        return refusal.get().isPresent();
    }

    /**
     * What a failed {@code operation} tells the caller: the client closed under it; Redis refusing the client's
     * credentials, when the call failed for want of a connection; or the mapped Redis failure.
     */
    RuntimeException failure(String lockName, String operation, Throwable failure) {
        if (closed.get()) {
            return new ClientClosedException(lockName);
        }
        Optional<RedisAuthenticationException> refused = refusal.get();
        if (refused.isPresent() && RedisErrors.isUnavailable(failure)) {
            return new RedisAuthenticationException("lock '" + lockName + "': " + operation + " failed: "
                    + refused.get().getMessage(), refused.get());
        }
        return RedisErrors.map(lockName, operation, failure);
    }

    /** Marks the client closed; returns {@code true} only for the first call, which does the closing. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }
}
