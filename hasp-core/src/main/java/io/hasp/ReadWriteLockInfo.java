package io.hasp;

import io.hasp.internal.Arguments;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What Redis holds for one read-write lock at one moment, as read by
 * {@link LockAdmin#inspectReadWriteLock(String)}: the writer and the readers (by short token prefix), how many writers
 * wait (their intents keep new readers out), the last writer's fence, and whether its keys hold data Hasp did not
 * write. A snapshot, read in one script.
 *
 * @param name the lock's name
 * @param key the Redis key of its writer, e.g. {@code hasp:{doc}:rw}
 * @param writer the writer holding it, if any
 * @param readers the readers within their time, in the order their leases end
 * @param writersWaiting waiting writers whose intent is still alive
 * @param fence the last writer's fencing token; empty when its counter has expired or was never written
 * @param foreignData whether any of its keys holds data Hasp did not write (acquires then fail and Hasp leaves it
 *     alone)
 */
public record ReadWriteLockInfo(String name, String key, Optional<HolderInfo> writer, List<HolderInfo> readers,
        int writersWaiting, OptionalLong fence, boolean foreignData) {

    /**
     * Checks that nothing is null and copies the readers.
     *
     * @param name the lock's name
     * @param key the Redis key of its writer
     * @param writer the writer holding it, or empty
     * @param readers the readers within their time; copied
     * @param writersWaiting waiting writers whose intent is still alive
     * @param fence the last writer's fencing token, or empty
     * @param foreignData whether any of its keys holds data Hasp did not write
     * @throws HaspArgumentException if an argument is null
     */
    public ReadWriteLockInfo {
        Arguments.notNull("name", name);
        Arguments.notNull("key", key);
        Arguments.notNull("writer", writer);
        readers = List.copyOf(Arguments.notNull("readers", readers));
        Arguments.notNull("fence", fence);
    }
}
