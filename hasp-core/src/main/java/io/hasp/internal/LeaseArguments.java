package io.hasp.internal;

/**
 * A lease time and the fence counter's lifetime for it, as the acquire scripts take them, and the last heartbeat
 * window a waiting attempt registered with (one per lock options, so nearly always the same). Immutable but for that
 * last window, a pair replaced whole: a thread that reads an older one sees it is for another window. A backend keeps
 * the last one in a {@link Latest} and reuses it while the lease time stays the same (the usual case: one lease time
 * per app), so an attempt formats no number.
 */
final class LeaseArguments {
    private final long millis;
    private final String leaseMillis;
    private final String fenceTtlMillis;
    private volatile Heartbeat heartbeat = new Heartbeat(0, "0");

    private LeaseArguments(long millis) {
        this.millis = millis;
        this.leaseMillis = Long.toString(millis);
        this.fenceTtlMillis = SingleNodeBackend.fenceTtl(millis);
    }

    String leaseMillis() {
        return leaseMillis;
    }

    String fenceTtlMillis() {
        return fenceTtlMillis;
    }

    /** {@code window} as the acquire scripts take it, reused while it stays the same. */
    String heartbeat(long window) {
        Heartbeat last = heartbeat;
        if (last.millis() != window) {
            last = new Heartbeat(window, Long.toString(window));
            heartbeat = last;
        }
        return last.text();
    }

    /** A heartbeat window and its digits. */
    private record Heartbeat(long millis, String text) {
    }

    /** The arguments of the last lease time a backend used; thread-safe (a stale read only builds them again). */
    static final class Latest {
        private volatile LeaseArguments last = new LeaseArguments(-1);

        /** The arguments for {@code leaseMillis}: the last ones if they are for it, else new ones, kept as the last. */
        LeaseArguments of(long leaseMillis) {
            LeaseArguments current = last;
            if (current.millis != leaseMillis) {
                current = new LeaseArguments(leaseMillis);
                last = current;
            }
            return current;
        }
    }
}
