package io.hasp.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The Redis side of a lock: one attempt to take it, and the token-checked release and extend. A single Redis and a
 * Redlock quorum are two backends under the same lease, wait and renewal machinery.
 *
 * <p>Implementations are thread-safe and never block: futures may complete on an I/O thread, so callers must not
 * block in their continuations.
 */
public interface LockBackend {

    /**
     * One attempt to take the lock with {@code token} for {@code leaseMillis}. Fails with
     * {@link io.hasp.KeyConflictException} if the key holds foreign data, or with a mapped Redis failure.
     */
    CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis);

    /** Compare-and-delete by token: {@code true} if the lock was ours and is now gone. Safe to retry. */
    CompletableFuture<Boolean> release(LockKeys keys, String token);

    /** Compare-and-expire by token: {@code true} if the lock was ours and now expires {@code leaseMillis} from now. */
    CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis);
}
