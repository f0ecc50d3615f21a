package io.hasp.internal;

/** A waiting call for tests that drive its turn themselves: it reads as a waiter, and ignores any outcome. */
final class IdleReceiver implements WaitLines.Joiner {
    private final String token;
    private final long leaseMillis;
    private final LockBackend backend;

    /** {@code backend}: only whether its holds are shared matters to the turn. */
    IdleReceiver(String token, long leaseMillis, LockBackend backend) {
        this.token = token;
        this.leaseMillis = leaseMillis;
        this.backend = backend;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public long leaseMillis() {
        return leaseMillis;
    }

    @Override
    public LockBackend backend() {
        return backend;
    }

    @Override
    public void handedOver(long fence, long sentAt) {
    }

    @Override
    public void notHandedOver() {
    }

    @Override
    public void yielded() {
    }

    @Override
    public void handOffFailed(Throwable failure) {
    }

    @Override
    public void joinedLine(WaitTurn turn) {
    }
}
