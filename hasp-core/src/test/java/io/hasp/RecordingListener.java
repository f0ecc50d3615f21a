package io.hasp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that records every event it is told, for tests; thread-safe. */
final class RecordingListener implements LockListener {
    record Acquire(String lockName, Duration waited, AcquireOutcome outcome) {
    }

    record Release(String lockName, Duration held, ReleaseOutcome outcome) {
    }

    final List<Acquire> acquires = new CopyOnWriteArrayList<>();
    final List<Release> releases = new CopyOnWriteArrayList<>();
    final List<String> renewalFailures = new CopyOnWriteArrayList<>();
    final List<LockLostException> losses = new CopyOnWriteArrayList<>();
    final List<String> handOffs = new CopyOnWriteArrayList<>();
    final List<String> breakerOpenings = new CopyOnWriteArrayList<>();
    final List<String> breakerClosings = new CopyOnWriteArrayList<>();
    /** The threads that delivered hand-off and breaker events. */
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void acquired(String lockName, Duration waited, AcquireOutcome outcome) {
        acquires.add(new Acquire(lockName, waited, outcome));
    }

    @Override
    public void released(String lockName, Duration held, ReleaseOutcome outcome) {
        releases.add(new Release(lockName, held, outcome));
    }

    @Override
    public void renewalFailed(String lockName, RuntimeException cause) {
        renewalFailures.add(lockName);
    }

    @Override
    public void lost(String lockName, LockLostException reason) {
        losses.add(reason);
    }

    @Override
    public void handedOff(String lockName) {
        threads.add(Thread.currentThread().getName());
        handOffs.add(lockName);
    }

    @Override
    public void nodeBreakerOpened(String node) {
        threads.add(Thread.currentThread().getName());
        breakerOpenings.add(node);
    }

    @Override
    public void nodeBreakerClosed(String node) {
        threads.add(Thread.currentThread().getName());
        breakerClosings.add(node);
    }

    long acquires(LockListener.AcquireOutcome outcome) {
        return acquires.stream().filter(a -> a.outcome() == outcome).count();
    }

    long releases(LockListener.ReleaseOutcome outcome) {
        return releases.stream().filter(r -> r.outcome() == outcome).count();
    }
}
