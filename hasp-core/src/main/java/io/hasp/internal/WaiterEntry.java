package io.hasp.internal;

/**
 * What a waiting attempt registers in the lock's waiter registry, in the same script as the attempt.
 *
 * @param member the client's waiter id (one entry per client and lock, however many local waiters it has)
 * @param heartbeatMillis how long the entry lives unless refreshed by a later attempt; 0 when the entry is known to
 *     be in place and fresh enough, so the attempt leaves it as it is (a cheap attempt)
 * @param keep whether the client still waits after this attempt succeeds (other local waiters remain)
 */
public record WaiterEntry(String member, long heartbeatMillis, boolean keep) {
}
