package io.hasp.internal;

/**
 * The Redis keys of one lock. The name sits in a {@code {hash tag}} so that the lock key and its side keys share a
 * cluster slot, which scripts touching several of them require.
 */
record LockKeys(String name, String lockKey, String fenceKey) {

    public static LockKeys of(String namespace, String name) {
        String base = namespace + "{" + name + "}";
        return new LockKeys(name, base, base + ":fence");
    }

    /**
     * The keys of another primitive named {@code name} ({@code kind}: "semaphore", "rw", "leader"): in the slot of
     * the lock of that name, but apart from it, so a lock and a semaphore of one name never meet.
     */
    public static LockKeys beside(String namespace, String name, String kind) {
        String base = namespace + "{" + name + "}:" + kind;
        return new LockKeys(name, base, base + ":fence");
    }

    /** A further key of this lock, in the same slot. */
    public String sideKey(String suffix) {
        return lockKey + ":" + suffix;
    }

    /** The registry of clients waiting for the plain lock: a sorted set of waiter id to deadline (server ms). */
    public String waitersKey() {
        return sideKey("waiters");
    }

    /** The fair lock's queue: a sorted set of member to arrival number. */
    public String queueKey() {
        return sideKey("queue");
    }

    /** The fair lock's liveness deadlines: a sorted set of member to deadline (server ms). */
    public String liveKey() {
        return sideKey("live");
    }

    /** The pub/sub channel on which releases and hand-offs of this lock are announced. */
    public String channel() {
        return sideKey("wake");
    }
}
