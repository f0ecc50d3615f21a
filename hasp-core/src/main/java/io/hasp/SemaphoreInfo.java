package io.hasp;

import io.hasp.internal.Arguments;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What Redis holds for one semaphore at one moment, as read by {@link LockAdmin#inspectSemaphore(String)}: its stored
 * permit count, the leases holding permits (by short token prefix), how many waiting calls are queued, the last
 * fencing token issued, and whether its keys hold data Hasp did not write. A snapshot, read in one script.
 *
 * @param name the semaphore's name
 * @param key the Redis key of its holder set, e.g. {@code hasp:{exports}:semaphore}
 * @param permits the stored permit count; empty until the first grant or {@link Semaphore#setPermits(int)}
 * @param holders the leases within their time, in the order their leases end
 * @param queued waiting calls in its queue that are still alive
 * @param fence the last fencing token issued; empty when its counter has expired or was never written
 * @param foreignData whether any of its keys holds data Hasp did not write (acquires then fail and Hasp leaves it
 *     alone; holders are then not listed)
 */
public record SemaphoreInfo(String name, String key, OptionalInt permits, List<HolderInfo> holders, int queued,
        OptionalLong fence, boolean foreignData) {

    /**
     * Checks that nothing is null and copies the holders.
     *
     * @param name the semaphore's name
     * @param key the Redis key of its holder set
     * @param permits the stored permit count, or empty
     * @param holders the leases within their time; copied
     * @param queued waiting calls still alive in its queue
     * @param fence the last fencing token issued, or empty
     * @param foreignData whether any of its keys holds data Hasp did not write
     * @throws HaspArgumentException if an argument is null
     */
    public SemaphoreInfo {
        Arguments.notNull("name", name);
        Arguments.notNull("key", key);
        Arguments.notNull("permits", permits);
        holders = List.copyOf(Arguments.notNull("holders", holders));
        Arguments.notNull("fence", fence);
    }

    /** {@return the permits the listed holders hold together} */
    public int permitsHeld() {
        return holders.stream().mapToInt(HolderInfo::permits).sum();
    }
}
