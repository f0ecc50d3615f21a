package io.hasp.internal;

/** A fair-line waiter that is never granted or woken and runs {@code onQueue} when its turn to queue comes. */
final class QueueingWaiter implements FairWaitLines.Waiter {
    private final Runnable onQueue;

    QueueingWaiter(Runnable onQueue) {
        this.onQueue = onQueue;
    }

    @Override
    public void onGrant(WakeMessage grant) {
    }

    @Override
    public void onWake() {
    }

    @Override
    public void queueNow() {
        onQueue.run();
    }
}
