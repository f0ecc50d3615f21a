package io.hasp.internal;

import io.hasp.LockListener;
import io.hasp.LockListener.AcquireOutcome;
import io.hasp.LockListener.ReleaseOutcome;
import io.hasp.LockLostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands lock events to the client's {@link LockListener}s on its executor: never on an I/O thread or the caller's,
 * and a listener that throws is logged and skipped, so listeners cannot change what a lock does. With no listener
 * every method returns at once.
 *
 * <p>No method throws, whatever the listeners and the executor do: events are fired from the middle of a release, a
 * hand-off or a renewal, whose remaining steps (telling the waiter, completing the caller's future, waking the
 * watchdog) must still run. So an executor that refuses the event in any way, and a listener that throws anything
 * but a {@link VirtualMachineError} (an {@link Error} too: a {@code NoClassDefFoundError} of a metrics library, an
 * assertion, which a direct executor would otherwise carry into the release), only cost the event, logged.
 */
final class LockEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LockEvents.class);

    private final List<LockListener> listeners;
    private final Executor executor;

    LockEvents(List<LockListener> listeners, Executor executor) {
        this.listeners = List.copyOf(listeners);
        this.executor = executor;
    }

    /** Whether any listener is registered; without one, callers skip the stages and clock reads that feed events. */
    boolean active() {
        return !listeners.isEmpty();
    }

    void acquiring(String lockName) {
        if (listeners.isEmpty()) {
            return; // the hot path allocates nothing without a listener
        }
        fire(listener -> listener.acquiring(lockName));
    }

    /** An acquire started at {@code startedAt} on the client's ticker ended at {@code now} with a lease or not. */
    void acquired(String lockName, long startedAt, long now, RedisLease lease, Throwable failure) {
        if (listeners.isEmpty()) {
            return;
        }
        AcquireOutcome outcome = failure == null ? (lease != null ? AcquireOutcome.GRANTED : AcquireOutcome.TIMED_OUT)
                : unwrap(failure) instanceof CancellationException ? AcquireOutcome.CANCELLED : AcquireOutcome.FAILED;
        Duration waited = Duration.ofNanos(Math.max(0, now - startedAt));
        fire(listener -> listener.acquired(lockName, waited, outcome));
    }

    /** A release of a lease held since {@code heldSince} ended at {@code now}: ours or not, or failed. */
    void released(String lockName, long heldSince, long now, Boolean wasOurs, Throwable failure) {
        if (listeners.isEmpty()) {
            return;
        }
        ReleaseOutcome outcome = failure != null ? ReleaseOutcome.FAILED
                : Boolean.TRUE.equals(wasOurs) ? ReleaseOutcome.RELEASED : ReleaseOutcome.EXPIRED;
        Duration held = Duration.ofNanos(Math.max(0, now - heldSince));
        fire(listener -> listener.released(lockName, held, outcome));
    }

    void renewalFailed(String lockName, RuntimeException cause) {
        fire(listener -> listener.renewalFailed(lockName, cause));
    }

    void lost(String lockName, LockLostException reason) {
        fire(listener -> listener.lost(lockName, reason));
    }

    void handedOff(String lockName) {
        if (listeners.isEmpty()) {
            return;
        }
        fire(listener -> listener.handedOff(lockName));
    }

    void nodeBreakerOpened(String node) {
        fire(listener -> listener.nodeBreakerOpened(node));
    }

    void nodeBreakerClosed(String node) {
        fire(listener -> listener.nodeBreakerClosed(node));
    }

    private void fire(Consumer<LockListener> event) {
        for (LockListener listener : listeners) {
            try {
                executor.execute(() -> call(listener, event));
            } catch (RejectedExecutionException e) {
                LOG.debug("lock listener {} skipped: the executor refused the event", listener);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) { // an executor of the user's may fail in ways of its own
                LOG.warn("lock listener {} skipped: the executor failed to take the event: {}", listener,
                        e.toString());
            }
        }
    }

    private static void call(LockListener listener, Consumer<LockListener> event) {
        try {
            event.accept(listener);
        } catch (VirtualMachineError e) {
            throw e; // the JVM is failing: nothing here can help
        } catch (Throwable e) {
            LOG.warn("lock listener {} threw; ignored: {}", listener, e.toString());
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
