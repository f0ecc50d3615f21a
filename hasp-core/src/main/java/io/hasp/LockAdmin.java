package io.hasp;

import java.util.List;
import java.util.Optional;

/**
 * Operator tools: look at locks and break a stuck one. Made by {@link Hasp#admin()}; uses the client's connection and
 * namespace. Meant for command-line tools and dashboards, not for the hot path.
 *
 * <p>Implementations are thread-safe.
 */
public interface LockAdmin {

    /** The most names {@link #list(int)} returns at once. */
    int MAX_LIST_LIMIT = 10_000;

    /**
     * What Redis holds for the lock {@code name}, read atomically in one script.
     *
     * <p>On a client over several Redis servers (Redlock), every server is asked at once (each read atomically) and
     * the answer is what a majority says: the holder is the token prefix that a majority of the servers holds (else
     * none), the remaining TTL is how long a majority still holds that key (the majority-th longest TTL among them),
     * the fence is the value a majority of the counters has reached, and foreign data is flagged if any server holds
     * some (it makes acquires there fail). {@link LockInfo#nodes()} holds each server's own answer.
     *
     * @return empty when Redis holds neither the lock key nor its fence counter (Redlock: no server holds either)
     * @throws HaspArgumentException if the name is not a valid lock name
     * @throws RedisUnavailableException if Redis did not answer in time (Redlock: fewer than a majority answered)
     */
    Optional<LockInfo> inspect(String name);

    /**
     * Deletes the lock key if it holds a Hasp token, whoever holds it: the holder's lease is gone and its next
     * release or extend reports so. Data Hasp did not write is never deleted. The fence counter is kept, so fencing
     * tokens go on increasing. Runs as one script, so it cannot delete data that replaced the lock in between.
     *
     * <p>On a client over several Redis servers (Redlock), the lock key is deleted on every server that answers,
     * wherever it holds a Hasp token; a server holding foreign data keeps it.
     *
     * @return {@code true} if a lock was deleted (Redlock: on any server); {@code false} if the lock was free
     * @throws KeyConflictException if the lock key holds foreign data (left untouched; Redlock: on any server, after
     *     the others were released)
     * @throws HaspArgumentException if the name is not a valid lock name
     * @throws RedisUnavailableException if Redis did not answer in time (Redlock: fewer than a majority answered,
     *     after the ones that answered were released)
     */
    boolean forceRelease(String name);

    /**
     * {@link #forceRelease(String)}, telling on how many Redis servers a lock key was deleted: 0 or 1 on one Redis,
     * up to the number of servers on a Redlock client.
     *
     * @throws KeyConflictException as {@link #forceRelease(String)}
     * @throws HaspArgumentException if the name is not a valid lock name
     * @throws RedisUnavailableException as {@link #forceRelease(String)}
     */
    default int forceReleaseCount(String name) {
        return forceRelease(name) ? 1 : 0;
    }

    /**
     * The names of up to {@code limit} locks whose key exists in this client's namespace: {@link #listing(int)}
     * without the keys that no lock name maps to.
     *
     * @throws HaspArgumentException if {@code limit} is not between 1 and {@value #MAX_LIST_LIMIT}
     * @throws RedisUnavailableException as {@link #listing(int)}
     */
    default List<String> list(int limit) {
        return listing(limit).names();
    }

    /**
     * Up to {@code limit} names of locks whose key exists in this client's namespace, found with {@code SCAN} (so a
     * lock taken or released meanwhile may or may not be listed), sorted; and, apart, up to {@code limit} keys that
     * look like lock keys but that no name maps to. Every listed name is one that {@link Hasp#lock(String)} and
     * {@link #inspect(String)} accept and that maps back to the key it was found under. A key that holds foreign data
     * under a lock key's name is listed too; {@link #inspect(String)} tells them apart.
     *
     * <p>On a client over several Redis servers (Redlock): the names found on any server that answered.
     *
     * @throws HaspArgumentException if {@code limit} is not between 1 and {@value #MAX_LIST_LIMIT}
     * @throws RedisUnavailableException if Redis did not answer in time (Redlock: fewer than a majority answered)
     */
    LockListing listing(int limit);
}
