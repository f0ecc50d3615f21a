package io.hasp;

import java.util.List;
import java.util.Objects;

/**
 * What {@link LockAdmin#listing(int)} found in a namespace: the names of the locks whose key exists, each one that
 * {@link Hasp#lock(String)} and {@link LockAdmin#inspect(String)} accept and map back to that very key, and apart from
 * them the keys that look like lock keys but that no lock name maps to (a name with control characters, bytes that are
 * not UTF-8, braces inside the tag: written by someone else). Both lists are sorted.
 *
 * <p>Immutable and thread-safe.
 */
public final class LockListing {
    private final List<String> names;
    private final List<String> unmappedKeys;

    /**
     * @param names lock names, sorted
     * @param unmappedKeys keys no lock name maps to, sorted, decoded for display only (bytes that are not UTF-8
     *     become U+FFFD); they may hold control characters, so escape them before printing
     */
    public LockListing(List<String> names, List<String> unmappedKeys) {
        this.names = List.copyOf(Objects.requireNonNull(names, "names"));
        this.unmappedKeys = List.copyOf(Objects.requireNonNull(unmappedKeys, "unmappedKeys"));
    }

    /** Lock names, sorted; each is accepted by {@link Hasp#lock(String)} and names the key it was found under. */
    public List<String> names() {
        return names;
    }

    /**
     * Keys under the namespace's lock-key pattern that no lock name maps to, sorted; for display only (see the
     * constructor). Hasp never takes, inspects or deletes them.
     */
    public List<String> unmappedKeys() {
        return unmappedKeys;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LockListing other && names.equals(other.names) && unmappedKeys.equals(other.unmappedKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, unmappedKeys);
    }

    @Override
    public String toString() {
        return "LockListing{names=" + names.size() + ", unmappedKeys=" + unmappedKeys.size() + "}";
    }
}
