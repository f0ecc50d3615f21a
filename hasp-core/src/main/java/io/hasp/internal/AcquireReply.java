package io.hasp.internal;

/**
 * What one acquire attempt found. Either the lock was granted with a fencing token, or it is held by another token
 * whose remaining lease time (ms, or -1 when unknown) hints how long to wait.
 */
public record AcquireReply(boolean acquired, long fence, long holderTtlMillis) {

    public static AcquireReply granted(long fence) {
        return new AcquireReply(true, fence, 0);
    }

    public static AcquireReply held(long holderTtlMillis) {
        return new AcquireReply(false, 0, holderTtlMillis);
    }
}
