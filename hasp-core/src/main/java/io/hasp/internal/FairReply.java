package io.hasp.internal;

/**
 * What one fair-lock attempt found.
 *
 * @param kind what happened
 * @param fence the fencing token when the lock is ours (TAKEN, HANDED_OVER), else 0
 * @param ttlMillis the lock's remaining lease: ours when TAKEN or HANDED_OVER, the holder's when QUEUED (-1 unknown,
 *     -2 free)
 * @param position our 0-based place in the queue when QUEUED, -1 when not queued
 * @param serverMicros the server's clock when the script ran, to measure a later hand-off lease against
 */
record FairReply(Kind kind, long fence, long ttlMillis, long position, long serverMicros) {

    enum Kind {
        /** We took the free lock with our full lease. */
        TAKEN,
        /** The lock had already been handed to us; we may have missed the message. */
        HANDED_OVER,
        /** The lock is held (or was handed to a waiter ahead of us); we are queued unless we only tried. */
        QUEUED
    }
}
