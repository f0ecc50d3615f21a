package io.hasp.internal;

import io.hasp.LockAdmin;
import io.hasp.RedisAuthenticationException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The connected servers of one client, as its locks see them: where lock commands go, where waiters hear of
 * releases, which fair locks and operator tools the servers allow, and how to close it all. Made by a
 * {@link Connector}; the client holds exactly one and never asks which kind it is. Implementations are thread-safe.
 */
interface Topology {

    /** Runs every lock command. */
    LockBackend backend();

    /** Where waiters hear that a lock was released. */
    WakeChannels wakeChannels();

    /**
     * The client's fair locks, sharing the clocks, threads and waiting of {@code plain}; or, on servers that cannot
     * keep a fair queue, a maker that refuses and says what to use instead.
     *
     * @param clientId unique to the client: it names the channels of hand-offs to its fair waiters
     */
    FairLocks fairLocks(LockContext plain, String clientId);

    /**
     * The backend of locks that ask for {@code replicas} replica acknowledgements within {@code timeoutMillis}
     * ({@link io.hasp.LockOptions#replicaAcks()}).
     *
     * @throws io.hasp.HaspException naming {@code lockName} if these servers have no replicas to ask (Redlock)
     */
    LockBackend replicaAcked(String lockName, int replicas, long timeoutMillis);

    /** Operator tools over these servers; each call first asks {@code lifecycle} whether the client is open. */
    LockAdmin admin(String namespace, ClientLifecycle lifecycle, Duration commandTimeout);

    /** The server version and command set, where one server decides them; empty for several independent ones. */
    Optional<ServerFeatures> serverFeatures();

    /**
     * The one server that keeps semaphores and read-write locks (their state is not kept by a quorum); empty (the
     * default) on servers that cannot, where those primitives are refused.
     */
    default Optional<PrimitiveServer> primitiveServer() {
        return Optional.empty();
    }

    /**
     * Why the server of {@code key} refuses the client now, if Redis refused its credentials when its connection last
     * tried to reconnect (a password changed on the server); empty (the default) otherwise, or where that is not
     * watched.
     */
    default Optional<RedisAuthenticationException> refusal(String key) {
        return Optional.empty();
    }

    /** Closes the connections, and the Lettuce client if the connector created it; the wake channels come first. */
    CompletableFuture<Void> closeAsync();
}
