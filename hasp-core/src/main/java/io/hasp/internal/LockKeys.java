package io.hasp.internal;

/**
 * The Redis keys of one lock. The name sits in a {@code {hash tag}} so that the lock key and its side keys share a
 * cluster slot, which scripts touching several of them require.
 *
 * <p>Immutable in what it answers. The side keys a lock's calls name (the fence counter, the waiter registry and the
 * channel) are built once per handle, not per call, and only when first asked for: on one Redis an uncontended
 * acquire and release name the lock key alone (the scripts derive the rest), and an application that makes a handle
 * per acquire would otherwise build three names per cycle that nothing reads. Each is cached by the racy single-check
 * idiom, as {@link String#hashCode()} caches its hash: two threads may both build one, equal strings either way, and
 * a {@code String} is safely published through its final fields, so a racing reader sees it whole or not at all.
 */
final class LockKeys {
    private final String name;
    private final String lockKey;
    /** {@link #lockKey} alone, as the keys of a script that names only it; final, so its element is seen too. */
    private final String[] lockKeyAlone;
    private String fenceKey;
    private String waitersKey;
    private String channel;

    private LockKeys(String name, String lockKey) {
        this.name = name;
        this.lockKey = lockKey;
        this.lockKeyAlone = new String[] {lockKey};
    }

    public static LockKeys of(String namespace, String name) {
        return new LockKeys(name, namespace + "{" + name + "}");
    }

    /**
     * The keys of another primitive named {@code name} ({@code kind}: "semaphore", "rw", "leader"): in the slot of
     * the lock of that name, but apart from it, so a lock and a semaphore of one name never meet.
     */
    public static LockKeys beside(String namespace, String name, String kind) {
        return new LockKeys(name, namespace + "{" + name + "}:" + kind);
    }

    /** The lock's name as the user gave it. */
    public String name() {
        return name;
    }

    /** The key holding the lock's token. */
    public String lockKey() {
        return lockKey;
    }

    /**
     * The lock key as the one key of a script that names only it (on one Redis, an acquire's, release's and
     * extend's): one array per handle, not per command. Shared: never to be written.
     */
    public String[] lockKeyAlone() {
        return lockKeyAlone;
    }

    /** The fencing counter: the lock key and {@code :fence} (acquire.lua derives it so). */
    public String fenceKey() {
        String key = fenceKey;
        if (key == null) {
            key = sideKey("fence");
            fenceKey = key;
        }
        return key;
    }

    /** A further key of this lock, in the same slot. */
    public String sideKey(String suffix) {
        return lockKey + ":" + suffix;
    }

    /**
     * The registry of clients waiting for the plain lock: a sorted set of waiter id to deadline (server ms); the lock
     * key and {@code :waiters} (acquire.lua and release.lua derive it so).
     */
    public String waitersKey() {
        String key = waitersKey;
        if (key == null) {
            key = sideKey("waiters");
            waitersKey = key;
        }
        return key;
    }

    /** The fair lock's queue: a sorted set of member to arrival number. */
    public String queueKey() {
        return sideKey("queue");
    }

    /** The fair lock's liveness deadlines: a sorted set of member to deadline (server ms). */
    public String liveKey() {
        return sideKey("live");
    }

    /**
     * The pub/sub channel on which releases and hand-offs of this lock are announced: the lock key and {@code :wake}
     * (release.lua derives it so, instead of taking it as an argument).
     */
    public String channel() {
        String key = channel;
        if (key == null) {
            key = sideKey("wake");
            channel = key;
        }
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LockKeys other && name.equals(other.name) && lockKey.equals(other.lockKey);
    }

    @Override
    public int hashCode() {
        return lockKey.hashCode();
    }

    @Override
    public String toString() {
        return "LockKeys[name=" + name + ", lockKey=" + lockKey + "]";
    }
}
