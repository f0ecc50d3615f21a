package io.hasp.internal;

/**
 * What one acquire attempt found. Either the lock was granted with a fencing token, or it is held by another token
 * whose remaining lease time (ms, or -1 when unknown) hints how long to wait. A grant also says whether other clients
 * were registered as waiting at that moment, so that the release knows it must notify them.
 */
public record AcquireReply(boolean acquired, long fence, long holderTtlMillis, boolean waiters) {

    public static AcquireReply granted(long fence) {
        return new AcquireReply(true, fence, 0, false);
    }

    public static AcquireReply granted(long fence, boolean waiters) {
        return new AcquireReply(true, fence, 0, waiters);
    }

    public static AcquireReply held(long holderTtlMillis) {
        return new AcquireReply(false, 0, holderTtlMillis, false);
    }
}
