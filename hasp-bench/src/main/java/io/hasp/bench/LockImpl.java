package io.hasp.bench;

import java.time.Duration;

/**
 * One lock implementation under test: it makes independent clients on the Redis the run uses. Every implementation
 * holds locks with the same lease time and waits at most the same time, so the scenarios compare like with like.
 *
 * <p>Implementations are thread-safe.
 */
interface LockImpl {
    /** The lease every implementation asks for: long enough that no lock expires during a cycle. */
    Duration LEASE_TIME = Duration.ofSeconds(30);
    /** How long a worker waits for a lock before the run counts an error. */
    Duration WAIT_LIMIT = Duration.ofSeconds(60);

    /** Short id used on the command line and in JSON, e.g. {@code redisson}. */
    String id();

    /** Name for people, with the version, e.g. {@code Redisson 4.3.0 RLock}. */
    String label();

    /** A new client with its own connections. */
    LockClient newClient();
}
