package io.hasp.demo;

/** The counter service's metrics, rendered for {@code /metrics}. Thread-safe: every metric is lock-free. */
public final class ServiceMetrics {
    /** The Prometheus text format's content type. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    public final MetricHistogram acquire = new MetricHistogram("hasp_demo_lock_acquire_seconds",
            "Time from asking for the lock to holding it, for acquires that succeeded.");
    public final MetricHistogram wait = new MetricHistogram("hasp_demo_lock_wait_seconds",
            "Time requests spent waiting for the lock, whether they got it or timed out.");
    public final MetricHistogram hold = new MetricHistogram("hasp_demo_lock_hold_seconds",
            "Time from holding the lock to releasing it.");
    public final MetricCounter timeouts = new MetricCounter("hasp_demo_lock_timeouts_total",
            "Requests answered 409 because the lock stayed held for the whole --lock-wait.");
    public final MetricCounter lostLeases = new MetricCounter("hasp_demo_lost_leases_total",
            "Leases found expired at release: the critical section outlived --lease.");
    public final MetricCounter fencedRejected = new MetricCounter("hasp_demo_fenced_writes_rejected_total",
            "Counter reads or writes refused by the store because a newer fencing token had been seen.");
    public final MetricCounter lockedIncrements = new MetricCounter("hasp_demo_increments_locked_total",
            "Increments done under the lock.");
    public final MetricCounter unsafeIncrements = new MetricCounter("hasp_demo_increments_unsafe_total",
            "Increments done without the lock (?unsafe=true).");

    /** All metrics in the Prometheus text exposition format. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        acquire.writeTo(out);
        wait.writeTo(out);
        hold.writeTo(out);
        timeouts.writeTo(out);
        lostLeases.writeTo(out);
        fencedRejected.writeTo(out);
        lockedIncrements.writeTo(out);
        unsafeIncrements.writeTo(out);
        return out.toString();
    }
}
