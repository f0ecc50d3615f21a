package io.hasp.internal;

/**
 * The Redis keys of one lock. The name sits in a {@code {hash tag}} so that the lock key and its side keys share a
 * cluster slot, which scripts touching several of them require.
 */
public record LockKeys(String name, String lockKey, String fenceKey) {

    public static LockKeys of(String namespace, String name) {
        String base = namespace + "{" + name + "}";
        return new LockKeys(name, base, base + ":fence");
    }

    /** A further key of this lock, in the same slot. */
    public String sideKey(String suffix) {
        return lockKey + ":" + suffix;
    }
}
