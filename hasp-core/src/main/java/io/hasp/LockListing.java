package io.hasp;

import java.util.List;
import java.util.Objects;

/**
 * What {@link LockAdmin#listing(int)} found in a namespace: the names of the locks whose key exists, each one that
 * {@link Hasp#lock(String)} and {@link LockAdmin#inspect(String)} accept and map back to that very key, and apart from
 * them the keys that look like lock keys but that no lock name maps to (a name with control characters, bytes that are
 * not UTF-8, braces inside the tag: written by someone else). Apart again, the names of the semaphores, read-write
 * locks and elections whose keys exist. Every list is sorted.
 *
 * <p>Immutable and thread-safe.
 */
public final class LockListing {
    private final List<String> names;
    private final List<String> unmappedKeys;
    private final List<String> semaphores;
    private final List<String> readWriteLocks;
    private final List<String> elections;

    /**
     * A listing of locks only.
     *
     * @param names lock names, sorted
     * @param unmappedKeys keys no lock name maps to, sorted, decoded for display only (bytes that are not UTF-8
     *     become U+FFFD); they may hold control characters, so escape them before printing
     * @throws NullPointerException if a list is null
     */
    public LockListing(List<String> names, List<String> unmappedKeys) {
        this(names, unmappedKeys, List.of(), List.of(), List.of());
    }

    /**
     * A listing with the other primitives too.
     *
     * @param names lock names, sorted
     * @param unmappedKeys keys no lock name maps to, sorted, decoded for display only
     * @param semaphores names of semaphores with a key (holders, or their stored permit count), sorted
     * @param readWriteLocks names of read-write locks with a writer or readers, sorted
     * @param elections names of elections with a leader, sorted
     * @see #LockListing(List, List)
     * @throws NullPointerException if a list is null
     */
    public LockListing(List<String> names, List<String> unmappedKeys, List<String> semaphores,
            List<String> readWriteLocks, List<String> elections) {
        this.names = List.copyOf(Objects.requireNonNull(names, "names"));
        this.unmappedKeys = List.copyOf(Objects.requireNonNull(unmappedKeys, "unmappedKeys"));
        this.semaphores = List.copyOf(Objects.requireNonNull(semaphores, "semaphores"));
        this.readWriteLocks = List.copyOf(Objects.requireNonNull(readWriteLocks, "readWriteLocks"));
        this.elections = List.copyOf(Objects.requireNonNull(elections, "elections"));
    }

    /**
     * {@return lock names, sorted} Each is accepted by {@link Hasp#lock(String)} and names the key it was found
     * under.
     */
    public List<String> names() {
        return names;
    }

    /**
     * Keys under the namespace's lock-key pattern that no lock name maps to, sorted; for display only (see the
     * constructor). Hasp never takes, inspects or deletes them.
     *
     * @return the unmapped keys, an unmodifiable list
     */
    public List<String> unmappedKeys() {
        return unmappedKeys;
    }

    /**
     * Names of semaphores whose holder set or stored permit count exists (the count never expires, so a semaphore
     * once used stays listed until its keys are deleted), sorted; each accepted by {@link Hasp#semaphore(String, int)}
     * and {@link LockAdmin#inspectSemaphore(String)}.
     *
     * @return the semaphore names, an unmodifiable list
     */
    public List<String> semaphores() {
        return semaphores;
    }

    /** {@return names of read-write locks with a writer or readers right now, sorted} */
    public List<String> readWriteLocks() {
        return readWriteLocks;
    }

    /** {@return names of leader elections with a leader right now, sorted} */
    public List<String> elections() {
        return elections;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LockListing other && names.equals(other.names) && unmappedKeys.equals(other.unmappedKeys)
                && semaphores.equals(other.semaphores) && readWriteLocks.equals(other.readWriteLocks)
                && elections.equals(other.elections);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, unmappedKeys, semaphores, readWriteLocks, elections);
    }

    @Override
    public String toString() {
        return "LockListing{names=" + names.size() + ", unmappedKeys=" + unmappedKeys.size() + ", semaphores="
                + semaphores.size() + ", readWriteLocks=" + readWriteLocks.size() + ", elections=" + elections.size()
                + "}";
    }
}
