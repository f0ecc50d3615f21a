package io.hasp;

import io.hasp.internal.Arguments;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What Redis holds for one lock at one moment, as read by {@link LockAdmin#inspect(String)}: who holds it (by a
 * short token prefix, never the whole token), for how much longer, the last fencing token issued, and whether the
 * lock's keys hold data Hasp did not write. A snapshot: the lock may change right after it was taken.
 *
 * <p>On a client over several Redis servers (Redlock), the top-level fields say what a majority of the servers says
 * and {@link #nodes()} holds each server's own view; see {@link LockAdmin#inspect(String)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class LockInfo {
    private final String name;
    private final String key;
    private final String holderTokenPrefix;
    private final Duration remainingTtl;
    private final OptionalLong fence;
    private final boolean foreignData;
    private final Map<String, LockInfo> nodes;

    /**
     * A view of one Redis server, or of a client on one Redis.
     *
     * @param name the lock name
     * @param key the Redis key of the lock
     * @param holderTokenPrefix the first characters of the holder's token, or empty when nobody holds the lock
     * @param remainingTtl the lock key's remaining time to live, or {@code null} when the key is absent or never
     *     expires
     * @param fence the last fencing token issued for this lock, or empty when the fence counter is gone
     * @param foreignData whether any key of the lock holds data Hasp did not write
     * @throws HaspArgumentException if an argument other than {@code remainingTtl} is null
     */
    public LockInfo(String name, String key, String holderTokenPrefix, Duration remainingTtl, OptionalLong fence,
            boolean foreignData) {
        this(name, key, holderTokenPrefix, remainingTtl, fence, foreignData, Map.of());
    }

    /**
     * A summary over several Redis servers (Redlock), with each server's own view.
     *
     * @param nodes what each server that answered holds, by {@code host:port}, in the order the servers were
     *     configured; a server holding neither key maps to a free lock without fence
     * @param name the lock name
     * @param key the Redis key of the lock
     * @param holderTokenPrefix the token prefix a majority of the servers holds, or empty
     * @param remainingTtl how long a majority still holds that key, or {@code null}
     * @param fence the fence a majority of the counters has reached, or empty
     * @param foreignData whether any server holds data Hasp did not write in the lock's keys
     * @see #LockInfo(String, String, String, Duration, OptionalLong, boolean)
     * @throws HaspArgumentException if an argument other than {@code remainingTtl} is null
     */
    public LockInfo(String name, String key, String holderTokenPrefix, Duration remainingTtl, OptionalLong fence,
            boolean foreignData, Map<String, LockInfo> nodes) {
        this.name = Arguments.notNull("name", name);
        this.key = Arguments.notNull("key", key);
        this.holderTokenPrefix = Arguments.notNull("holderTokenPrefix", holderTokenPrefix);
        this.remainingTtl = remainingTtl;
        this.fence = Arguments.notNull("fence", fence);
        this.foreignData = foreignData;
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(Arguments.notNull("nodes", nodes)));
    }

    /** {@return the lock name} */
    public String name() {
        return name;
    }

    /** {@return the Redis key that holds the lock, e.g. {@code hasp:{orders:42}}} */
    public String key() {
        return key;
    }

    /** {@return the first characters of the holder's token (as in Hasp's log lines), or empty when the lock is free} */
    public String holderTokenPrefix() {
        return holderTokenPrefix;
    }

    /** {@return whether a Hasp lease held the lock when this snapshot was read} */
    public boolean held() {
        return !holderTokenPrefix.isEmpty();
    }

    /** {@return the lock key's remaining time to live; empty when the key is absent or has no expiry} */
    public Optional<Duration> remainingTtl() {
        return Optional.ofNullable(remainingTtl);
    }

    /**
     * {@return the last fencing token issued for this lock; empty when its counter has expired or was never written}
     */
    public OptionalLong fence() {
        return fence;
    }

    /**
     * Whether any key of the lock holds data Hasp did not write: the lock key (another type, or a string that is not
     * a Hasp token), its fence counter (anything but a number) or its waiter keys. An acquire of this lock then
     * fails with {@link KeyConflictException}, and Hasp leaves the data alone.
     *
     * @return whether foreign data was found
     */
    public boolean foreignData() {
        return foreignData;
    }

    /**
     * Each Redis server's own view, by {@code host:port}, for a client over several servers (Redlock): only the
     * servers that answered. Empty for a client on one Redis, whose view is this object itself.
     *
     * @return an unmodifiable map, in the order the servers were configured
     */
    public Map<String, LockInfo> nodes() {
        return nodes;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LockInfo)) {
            return false;
        }
        LockInfo other = (LockInfo) o;
        return name.equals(other.name) && key.equals(other.key) && holderTokenPrefix.equals(other.holderTokenPrefix)
                && Objects.equals(remainingTtl, other.remainingTtl) && fence.equals(other.fence)
                && foreignData == other.foreignData && nodes.equals(other.nodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, key, holderTokenPrefix, remainingTtl, fence, foreignData, nodes);
    }

    @Override
    public String toString() {
        return "LockInfo{name=" + name + ", key=" + key + ", holder=" + (held() ? holderTokenPrefix : "none")
                + ", remainingTtl=" + remainingTtl + ", fence=" + fence + ", foreignData=" + foreignData
                + (nodes.isEmpty() ? "" : ", nodes=" + nodes) + '}';
    }
}
