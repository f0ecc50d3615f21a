package io.hasp;

import java.util.List;
import java.util.Optional;

/**
 * Operator tools: look at locks, semaphores, read-write locks and elections, and break a stuck one. Made by
 * {@link Hasp#admin()}; uses the client's connection and namespace. Meant for command-line tools and dashboards,
 * not for the hot path.
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
     * @param name the lock's name
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
     * @param name the lock's name
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
     * @param name the lock's name
     * @return on how many servers a lock key was deleted
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
     * @param limit the most names to return, 1 to {@value #MAX_LIST_LIMIT}
     * @return the names, sorted
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
     * @param limit the most names, and separately the most unmapped keys, to return, 1 to {@value #MAX_LIST_LIMIT}
     * @return the names found and the keys no name maps to
     * @throws HaspArgumentException if {@code limit} is not between 1 and {@value #MAX_LIST_LIMIT}
     * @throws RedisUnavailableException if Redis did not answer in time (Redlock: fewer than a majority answered)
     */
    LockListing listing(int limit);

    /**
     * What Redis holds for the semaphore {@code name}, read atomically in one script: its stored permit count, the
     * leases within their time (short token prefixes and permits), the queued calls and the last fence.
     *
     * @param name the semaphore's name
     * @return empty when Redis holds none of its keys
     * @throws HaspArgumentException if the name is not a valid name
     * @throws HaspException on a client over several Redis servers (Redlock), which has no semaphores
     * @throws RedisUnavailableException if Redis did not answer in time
     */
    Optional<SemaphoreInfo> inspectSemaphore(String name);

    /**
     * What Redis holds for the read-write lock {@code name}, read atomically in one script: the writer, the readers
     * within their time, the writers waiting and the last writer's fence.
     *
     * @param name the read-write lock's name
     * @return empty when Redis holds none of its keys
     * @throws HaspArgumentException if the name is not a valid name
     * @throws HaspException on a client over several Redis servers (Redlock), which has no read-write locks
     * @throws RedisUnavailableException if Redis did not answer in time
     */
    Optional<ReadWriteLockInfo> inspectReadWriteLock(String name);

    /**
     * What Redis holds for the leader election {@code name}: its lock, as {@link #inspect(String)} reads a lock. The
     * holder is the leader's token prefix, the TTL its lease, and {@link LockInfo#fence()} the epoch of the latest
     * leader. Works over Redlock as {@link #inspect(String)} does.
     *
     * @param name the election's name
     * @return empty when Redis holds neither the election's lock nor its epoch counter
     * @throws HaspArgumentException if the name is not a valid name
     * @throws RedisUnavailableException as {@link #inspect(String)}
     */
    Optional<LockInfo> inspectElection(String name);

    /**
     * Ends every lease of the semaphore {@code name}, whoever holds them, in one script: its holders' next renewal,
     * check or release reports the loss, and waiting clients are woken. The permit count, the fence counter and the
     * queue are kept. Refused, deleting nothing, if its holder keys hold data Hasp did not write.
     *
     * @param name the semaphore's name
     * @return how many leases within their time were ended
     * @throws KeyConflictException if its holder keys hold foreign data (left untouched)
     * @throws HaspArgumentException if the name is not a valid name
     * @throws HaspException on a client over several Redis servers (Redlock), which has no semaphores
     * @throws RedisUnavailableException if Redis did not answer in time
     */
    int forceReleaseSemaphore(String name);

    /**
     * Ends the writer's and every reader's lease of the read-write lock {@code name}, whoever holds them, in one
     * script; their next renewal, check or release reports the loss. The fence counter and waiting writers' intents
     * are kept. Refused, deleting nothing, if its keys hold data Hasp did not write.
     *
     * @param name the read-write lock's name
     * @return how many leases (writer and readers within their time) were ended
     * @throws KeyConflictException if its writer or readers key holds foreign data (left untouched)
     * @throws HaspArgumentException if the name is not a valid name
     * @throws HaspException on a client over several Redis servers (Redlock), which has no read-write locks
     * @throws RedisUnavailableException if Redis did not answer in time
     */
    int forceReleaseReadWriteLock(String name);

    /**
     * Deposes the leader of the election {@code name}: deletes the election's lock as {@link #forceRelease(String)}
     * deletes a lock. The leader's next renewal finds it gone and revokes its leadership (its {@code isValid()} may
     * stay true until then, at most its lease time: have the resources it writes to check the epoch); the next
     * candidate is elected with a higher epoch; the deposed participant campaigns again.
     *
     * @param name the election's name
     * @return {@code true} if a leader was deposed (Redlock: on any server); {@code false} if there was none
     * @throws KeyConflictException if the election's lock key holds foreign data (left untouched)
     * @throws HaspArgumentException if the name is not a valid name
     * @throws RedisUnavailableException as {@link #forceRelease(String)}
     */
    boolean forceReleaseElection(String name);
}
