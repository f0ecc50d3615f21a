package io.hasp.internal;

import io.hasp.HaspException;
import java.util.concurrent.CompletableFuture;

/**
 * The backend of a lock whose options ask for replica acknowledgements ({@link io.hasp.LockOptions#replicaAcks()}):
 * a grant, a renewal or an extension counts only once that many replicas of the lock's primary have it. After the
 * primary's answer it sends {@code WAIT} on the connection that carried the write (WAIT waits for that connection's
 * own writes). A grant that is not acknowledged in time, or whose WAIT fails, is released by token and the attempt
 * fails naming how many replicas acknowledged; a renewal or extension that is not is released too and answers
 * "not ours", so the lease is reported lost. Hand-off to a local waiter is off (it would skip the WAIT).
 *
 * <p>Thread-safe and non-blocking like the backend it wraps.
 */
final class ReplicaAckBackend implements LockBackend {
    private final SingleNodeBackend primary;
    private final int replicas;
    private final long timeoutMillis;

    ReplicaAckBackend(SingleNodeBackend primary, int replicas, long timeoutMillis) {
        this.primary = primary;
        this.replicas = replicas;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis) {
        return acknowledged(keys, token, primary.tryAcquire(keys, token, leaseMillis));
    }

    @Override
    public CompletableFuture<AcquireReply> tryAcquire(LockKeys keys, String token, long leaseMillis,
            WaiterEntry entry) {
        return acknowledged(keys, token, primary.tryAcquire(keys, token, leaseMillis, entry));
    }

    private CompletableFuture<AcquireReply> acknowledged(LockKeys keys, String token,
            CompletableFuture<AcquireReply> reply) {
        return reply.thenCompose(answer -> {
            if (!answer.acquired()) {
                return CompletableFuture.completedFuture(answer);
            }
            return primary.awaitReplicas(keys, replicas, timeoutMillis)
                    .<CompletableFuture<AcquireReply>>handle((acks, failure) -> {
                        if (failure == null && acks >= replicas) {
                            return CompletableFuture.completedFuture(answer);
                        }
                        String why = failure == null ? "only " + acks + " of " + replicas
                                + " replicas acknowledged it within " + timeoutMillis + " ms"
                                : "waiting for " + replicas + " replicas failed: " + RedisErrors.unwrap(failure);
                        HaspException refused = new HaspException(keys.name(), "lock '" + keys.name()
                                + "' was granted, but " + why + "; the grant was released");
                        return primary.release(keys, token).handle((released, ignored) -> null)
                                .thenCompose(v -> CompletableFuture.<AcquireReply>failedFuture(refused));
                    }).thenCompose(f -> f);
        });
    }

    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token) {
        return primary.release(keys, token);
    }

    @Override
    public CompletableFuture<Boolean> release(LockKeys keys, String token, boolean mayHaveWaiters) {
        return primary.release(keys, token, mayHaveWaiters);
    }

    @Override
    public CompletableFuture<Boolean> cleanUp(LockKeys keys, String token) {
        return primary.cleanUp(keys, token);
    }

    @Override
    public void forgetWaiter(LockKeys keys, String member) {
        primary.forgetWaiter(keys, member);
    }

    @Override
    public CompletableFuture<Boolean> holds(LockKeys keys, String token, long validUntil) {
        return primary.holds(keys, token, validUntil);
    }

    @Override
    public CompletableFuture<Boolean> extend(LockKeys keys, String token, long leaseMillis) {
        return primary.extend(keys, token, leaseMillis).thenCompose(extended -> !extended
                ? CompletableFuture.completedFuture(false)
                : primary.awaitReplicas(keys, replicas, timeoutMillis).thenCompose(acks -> acks >= replicas
                        ? CompletableFuture.completedFuture(true)
                        : primary.release(keys, token).thenApply(released -> false)));
    }
}
