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
     * @return empty when Redis holds neither the lock key nor its fence counter
     * @throws HaspArgumentException if the name is not a valid lock name
     * @throws RedisUnavailableException if Redis did not answer in time
     */
    Optional<LockInfo> inspect(String name);

    /**
     * Deletes the lock key if it holds a Hasp token, whoever holds it: the holder's lease is gone and its next
     * release or extend reports so. Data Hasp did not write is never deleted. The fence counter is kept, so fencing
     * tokens go on increasing. Runs as one script, so it cannot delete data that replaced the lock in between.
     *
     * @return {@code true} if a lock was deleted; {@code false} if the lock was free
     * @throws KeyConflictException if the lock key holds foreign data (left untouched)
     * @throws HaspArgumentException if the name is not a valid lock name
     * @throws RedisUnavailableException if Redis did not answer in time
     */
    boolean forceRelease(String name);

    /**
     * The names of up to {@code limit} locks whose key exists in this client's namespace, found with {@code SCAN}
     * (so a lock taken or released meanwhile may or may not be listed), sorted. A key that holds foreign data under
     * a lock key's name is listed too; {@link #inspect(String)} tells them apart.
     *
     * @throws HaspArgumentException if {@code limit} is not between 1 and {@value #MAX_LIST_LIMIT}
     * @throws RedisUnavailableException if Redis did not answer in time
     */
    List<String> list(int limit);
}
