package io.hasp.internal;

import io.hasp.ClientClosedException;
import io.hasp.RedisAuthenticationException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Whether a client is open, and whether Redis refuses it meanwhile. Every part that does Redis work on the client's
 * behalf (lock loops, leases, admin) is handed this object and asks it before starting, instead of asking the client,
 * and has it say what a failed call tells the caller ({@link #failure}). Thread-safe: one atomic flag, set once, and
 * the topology's own thread-safe answer to whether Redis refused the client's credentials (asked for the key of the
 * call at hand: on a Redis Cluster, each node refuses or accepts on its own).
 */
final class ClientLifecycle {
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Function<String, Optional<RedisAuthenticationException>> refusal;

    /**
     * {@code refusal}: given a call's lock key, why the Redis serving that key refuses the client's reconnects now, if
     * it refused its credentials.
     */
    ClientLifecycle(Function<String, Optional<RedisAuthenticationException>> refusal) {
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

    /**
     * Whether the Redis serving {@code keys} refused the client's credentials when it last tried to reconnect:
     * retrying a call on them will not help.
     */
    boolean isRefused(LockKeys keys) {
        return refusal.apply(keys.lockKey()).isPresent();
    }

    /**
     * What a failed {@code operation} on {@code keys} tells the caller: the client closed under it; the Redis serving
     * those keys refusing the client's credentials, when the call failed for want of a connection; or the mapped
     * Redis failure.
     */
    RuntimeException failure(LockKeys keys, String operation, Throwable failure) {
        String lockName = keys.name();
        if (closed.get()) {
            return new ClientClosedException(lockName);
        }
        Optional<RedisAuthenticationException> refused = refusal.apply(keys.lockKey());
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
