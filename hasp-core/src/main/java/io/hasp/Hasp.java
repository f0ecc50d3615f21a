package io.hasp;

import java.util.concurrent.CompletableFuture;

/**
 * A Hasp client: the entry point that makes {@link Lock} handles. One client shares one Redis command connection
 * among all its locks and threads; make one per application and close it on shutdown.
 *
 * <pre>{@code
 * try (Hasp hasp = Hasp.connect("redis://localhost:6379");
 *      Lease lease = hasp.lock("orders:42").acquire(Duration.ofSeconds(5))) {
 *     store.write(order, lease.fencingToken());
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface Hasp extends AutoCloseable {

    /**
     * Connects to the Redis at {@code uri} with default settings: {@code redis://[user:password@]host[:port][/db]},
     * or {@code rediss://} for TLS, or the primary a Sentinel group names,
     * {@code redis-sentinel://host:26379,host2:26379[/db]#masterName}, following its failovers. For a Redis Cluster
     * use {@link HaspBuilder#cluster(String...)}.
     *
     * @param uri the Redis URI; a password in it is never printed
     * @return a connected client; close it when done
     * @throws HaspArgumentException if the URI is null or cannot be parsed
     * @throws RedisUnavailableException if Redis cannot be reached
     * @throws RedisAuthenticationException if Redis refuses the URI's user name or password, or needs one
     * @throws RedisTlsException if the TLS handshake fails; the message names the certificate problem
     */
    static Hasp connect(String uri) {
        return builder().uri(uri).build();
    }

    /**
     * Connects to several independent Redis masters with default settings: a Redlock client, whose locks are held
     * while a majority of the servers grant them. Give an odd number of at least 3 URIs; one URI is the same as
     * {@link #connect(String)}.
     *
     * @param uris one URI per Redis master, each in the form {@link #connect(String)} takes
     * @return a connected client; close it when done
     * @throws HaspArgumentException if a URI cannot be parsed, for 2 or an even number of servers, or for a Sentinel
     *     URI among several
     * @throws RedisUnavailableException if fewer than a majority of the servers can be reached
     */
    static Hasp connect(String... uris) {
        return builder().uris(uris).build();
    }

    /**
     * A builder for a client with settings of your own.
     *
     * @return a new builder with every setting at its default; not thread-safe
     */
    static HaspBuilder builder() {
        return new HaspBuilder();
    }

    /**
     * A handle on the lock named {@code name}, with this client's default options. Names are 1 to
     * {@value #MAX_NAME_BYTES} bytes of UTF-8 without braces, control characters, line or paragraph separators,
     * bidirectional formatting characters or unpaired surrogates (each name maps to its own key, and prints as what
     * it is).
     *
     * @param name the lock's name
     * @return a handle that holds nothing in Redis until it acquires; handles are cheap and thread-safe
     * @throws HaspArgumentException if the name is null, blank, too long or holds one of those characters
     */
    Lock lock(String name);

    /**
     * A handle on the lock named {@code name} with the given options.
     *
     * @param name the lock's name, as {@link #lock(String)} takes it
     * @param options the options every acquire through this handle uses
     * @return a handle that holds nothing in Redis until it acquires
     * @throws HaspArgumentException if the name is one {@link #lock(String)} refuses, {@code options} is null, or
     *     its {@link LockOptions#replicaAckTimeout()} is not shorter than the client's command timeout
     * @throws HaspException if {@code options} ask for {@link LockOptions#replicaAcks() replica acknowledgements} on
     *     a client over several Redis servers (Redlock)
     */
    Lock lock(String name, LockOptions options);

    /**
     * A handle on the fair lock named {@code name}, with this client's default options: waiters are served in the
     * order Redis queued them (first come, first served, across all clients; no client clocks involved), and a
     * release hands the lock directly to the next live waiter. A waiter that dies while queued is skipped once its
     * {@link LockOptions#waiterHeartbeat() heartbeat window} passes.
     *
     * <p>A lease handed over that way starts short: it runs for the heartbeat window (or the lease time, if shorter),
     * so that a waiter that died unseen holds up the queue only briefly, and is topped up to its full lease time a
     * third of the way in if it is still held. {@link Lease#remaining()} tells which; a critical section shorter than
     * that third costs no command but its release.
     *
     * <p>The fair lock uses the same lock key as {@link #lock(String)}, so a fair and a plain lease on one name
     * exclude each other; but a plain acquire does not queue, so mixing both on one name gives up fairness.
     *
     * @param name the lock's name
     * @return a fair handle that holds nothing in Redis until it acquires
     * @throws HaspArgumentException if the name is null, blank, too long or holds a character {@link #lock(String)}
     *     refuses
     * @throws HaspException on a client over several Redis servers (Redlock), which has no fair locks; the message
     *     says to use {@link #lock(String)} there
     */
    Lock fairLock(String name);

    /**
     * {@link #fairLock(String)} with the given options.
     *
     * @param name the lock's name
     * @param options the options every acquire through this handle uses
     * @return a fair handle that holds nothing in Redis until it acquires
     * @throws HaspArgumentException if the name is one {@link #lock(String)} refuses, {@code options} is null, or
     *     they ask for {@link LockOptions#replicaAcks() replica acknowledgements}, which fair locks do not offer yet
     * @throws HaspException on a client over several Redis servers (Redlock), which has no fair locks
     */
    Lock fairLock(String name, LockOptions options);

    /**
     * A handle on the semaphore named {@code name} with this client's default options for its leases. {@code permits}
     * is its permit count until one is stored in Redis (by the first grant, or {@link Semaphore#setPermits(int)}); the
     * stored count then wins. The semaphore's keys sit beside, not on, the lock of the same name, all in one slot.
     *
     * @param name the semaphore's name
     * @param permits how many leases may be held at once, while Redis stores no count of its own
     * @return a handle that holds nothing in Redis until it acquires; thread-safe
     * @throws HaspArgumentException if the name is one {@link #lock(String)} refuses, or {@code permits} is below 1
     *     or above {@link Semaphore#MAX_PERMITS}
     * @throws HaspException on a client over several Redis servers (Redlock), which has no semaphores; the message
     *     says what to use instead
     */
    Semaphore semaphore(String name, int permits);

    /**
     * {@link #semaphore(String, int)} whose leases use the given options.
     *
     * @param name the semaphore's name
     * @param permits how many leases may be held at once, while Redis stores no count of its own
     * @param options the options every acquire through this handle uses
     * @return a handle that holds nothing in Redis until it acquires; thread-safe
     * @throws HaspArgumentException as {@link #semaphore(String, int)}, or if {@code options} is null
     * @throws HaspException on a client over several Redis servers (Redlock), which has no semaphores
     */
    Semaphore semaphore(String name, int permits, LockOptions options);

    /**
     * A handle on the read-write lock named {@code name} (see {@link ReadWriteLock}), with this client's default
     * options for its leases. Its keys sit beside, not on, the lock of the same name, all in one slot.
     *
     * @param name the read-write lock's name
     * @return a handle that holds nothing in Redis until one of its sides acquires; thread-safe
     * @throws HaspArgumentException if the name is one {@link #lock(String)} refuses
     * @throws HaspException on a client over several Redis servers (Redlock), which has no read-write locks
     */
    ReadWriteLock readWriteLock(String name);

    /**
     * {@link #readWriteLock(String)} whose two sides use the given options.
     *
     * @param name the read-write lock's name
     * @param options the options both sides acquire with
     * @return a handle that holds nothing in Redis until one of its sides acquires; thread-safe
     * @throws HaspArgumentException if the name is one {@link #lock(String)} refuses, or {@code options} is null
     * @throws HaspException on a client over several Redis servers (Redlock), which has no read-write locks
     */
    ReadWriteLock readWriteLock(String name, LockOptions options);

    /**
     * A new participant in the leader election named {@code name}, with this client's default options, which must
     * use the watchdog (leadership is a renewed lease). The election's keys sit beside, not on, the lock of the same
     * name. Nothing is written until it campaigns. Works on one Redis and on Redlock (where the epoch is fenced as
     * {@code docs/redlock.md} describes).
     *
     * @param name the election's name
     * @return a new participant, not yet campaigning
     * @throws HaspArgumentException if the name is one {@link #lock(String)} refuses, or the default options have a
     *     fixed lease time
     */
    LeaderElection leaderElection(String name);

    /**
     * {@link #leaderElection(String)} with the given options (their watchdog lease time, renewal and backoff).
     *
     * @param name the election's name
     * @param options the options the leadership lease is held with; they must use the watchdog
     * @return a new participant, not yet campaigning
     * @throws HaspArgumentException if the name is one {@link #lock(String)} refuses, or {@code options} is null or
     *     has a fixed lease time
     */
    LeaderElection leaderElection(String name, LockOptions options);

    /**
     * Operator tools on this client's connection and namespace: inspect, list and force-release locks. On a client
     * over several Redis servers (Redlock) they work over every server; see {@link LockAdmin}.
     *
     * @return the admin view of this client; thread-safe
     */
    LockAdmin admin();

    /**
     * The options that {@link #lock(String)} uses.
     *
     * @return the defaults set by {@link HaspBuilder#defaultOptions(LockOptions)}, or {@link LockOptions#defaults()}
     */
    LockOptions defaultOptions();

    /**
     * Closes the client and its connections. Leases still held are no longer renewed: each is reported lost and its
     * lock ends with its lease time. Every later acquire, release, extend or admin operation, and every wait still
     * under way, fails with {@link ClientClosedException}. Calling it again does nothing.
     */
    @Override
    void close();

    /**
     * {@link #close()} without blocking.
     *
     * @return a future that completes once the connections are closed (a failure to close is logged, not raised); a
     *     later call returns a completed future at once
     */
    CompletableFuture<Void> closeAsync();

    /** The longest lock name, in UTF-8 bytes. */
    int MAX_NAME_BYTES = 512;
}
