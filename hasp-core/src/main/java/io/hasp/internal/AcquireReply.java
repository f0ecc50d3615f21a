package io.hasp.internal;

import io.hasp.RedisUnavailableException;

/**
 * What one acquire attempt found. Either the lock was granted with a fencing token, or it is held by another token
 * whose remaining lease time (ms, or -1 when unknown) hints how long to wait, or too few Redis servers answered to
 * tell ({@code unavailable}: worth retrying while the wait lasts, and the failure to report if it runs out).
 *
 * <p>A grant also says whether other clients were registered as waiting at that moment ({@code waiters}), so that the
 * release knows it must notify them. {@code giveUp} asks the waiter to stop at once instead of waiting (a Redlock
 * client with fail-fast found a majority held by another lease).
 */
record AcquireReply(boolean acquired, long fence, long holderTtlMillis, boolean waiters, boolean giveUp,
        RedisUnavailableException unavailable) {

    public static AcquireReply granted(long fence) {
        return granted(fence, false);
    }

    public static AcquireReply granted(long fence, boolean waiters) {
        return new AcquireReply(true, fence, 0, waiters, false, null);
    }

    public static AcquireReply held(long holderTtlMillis) {
        return new AcquireReply(false, 0, holderTtlMillis, false, false, null);
    }

    /** Held, and waiting is pointless by the client's choice. */
    public static AcquireReply heldGiveUp(long holderTtlMillis) {
        return new AcquireReply(false, 0, holderTtlMillis, false, true, null);
    }

    /** Not decided: too few servers gave an answer to count; worth retrying, since the reason may pass. */
    public static AcquireReply unreachable(RedisUnavailableException cause) {
        return new AcquireReply(false, 0, -1, false, false, cause);
    }
}
