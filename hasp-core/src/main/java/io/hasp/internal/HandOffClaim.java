package io.hasp.internal;

/**
 * A release's claim on this client's next waiter for a direct hand-off ({@link WaitLines#claimHandOff}).
 *
 * @param receiver the claimed waiter, which sends nothing until the releaser reports exactly one outcome to it
 * @param yieldingMember {@code null} while the line's run of local hand-offs is within its fairness bound; once the
 *     bound is reached, this client's waiter id: the hand-off then happens only if no other client is registered as
 *     waiting, else the release wakes one of them instead (see {@link WaitLine}); for a semaphore, only if no call of
 *     another client is queued ahead of the waiter (see {@link SemaphoreBackend})
 * @param member this client's waiter id, bound or not (a semaphore's hand-off tells its own client's queue entries
 *     from other clients' by it)
 */
record HandOffClaim(HandOffReceiver receiver, String yieldingMember, String member) {
}
