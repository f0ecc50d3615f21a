package io.hasp.micrometer;

import io.hasp.JavaLock;
import io.hasp.Lease;
import io.hasp.Lock;
import io.hasp.LockLostException;
import io.hasp.LockOptions;
import io.hasp.LockTimeoutException;
import io.hasp.LockedCallable;
import io.hasp.LockedRunnable;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link Lock} whose acquires and held sections are observed ({@link HaspObservations}). Each acquire starts its
 * observation on the calling thread (so the current observation is its parent) and stops it at the outcome; a
 * granted lease is an {@link ObservedLease}, which stops the held observation at its release. Immutable and
 * thread-safe; the leases it hands out are too.
 */
final class ObservedLock implements Lock {
    private final Lock lock;
    private final HaspObservations observations;

    ObservedLock(Lock lock, HaspObservations observations) {
        this.lock = lock;
        this.observations = observations;
    }

    @Override
    public String name() {
        return lock.name();
    }

    @Override
    public LockOptions options() {
        return lock.options();
    }

    @Override
    public Lock withOptions(LockOptions options) {
        return new ObservedLock(lock.withOptions(options), observations);
    }

    @Override
    public Optional<Lease> tryAcquire() {
        Attempt attempt = new Attempt();
        try {
            return attempt.ended(lock.tryAcquire());
        } catch (RuntimeException | Error e) {
            attempt.failed(e);
            throw e;
        }
    }

    @Override
    public Optional<Lease> tryAcquire(Duration wait) throws InterruptedException {
        Attempt attempt = new Attempt();
        try {
            return attempt.ended(lock.tryAcquire(wait));
        } catch (InterruptedException | RuntimeException | Error e) {
            attempt.failed(e);
            throw e;
        }
    }

    @Override
    public Lease acquire(Duration wait) throws InterruptedException {
        Attempt attempt = new Attempt();
        try {
            return attempt.granted(lock.acquire(wait));
        } catch (InterruptedException | RuntimeException | Error e) {
            attempt.failed(e);
            throw e;
        }
    }

    @Override
    public CompletableFuture<Optional<Lease>> tryAcquireAsync() {
        Attempt attempt = new Attempt();
        return observed(attempt, lock.tryAcquireAsync(), attempt::ended, lease -> lease.ifPresent(Lease::releaseAsync));
    }

    @Override
    public CompletableFuture<Optional<Lease>> tryAcquireAsync(Duration wait) {
        Attempt attempt = new Attempt();
        return observed(attempt, lock.tryAcquireAsync(wait), attempt::ended,
                lease -> lease.ifPresent(Lease::releaseAsync));
    }

    @Override
    public CompletableFuture<Lease> acquireAsync(Duration wait) {
        Attempt attempt = new Attempt();
        return observed(attempt, lock.acquireAsync(wait), attempt::granted, Lease::releaseAsync);
    }

    /**
     * The caller's future for {@code acquiring}: completed with {@code grant}'s wrapping of the outcome, and when
     * cancelled it cancels the wait itself, as on an unobserved lock; a lease granted just as the caller cancelled is
     * handed to {@code unclaimed}, which releases it.
     */
    private static <T> CompletableFuture<T> observed(Attempt attempt, CompletableFuture<T> acquiring,
            Function<T, T> grant, Consumer<T> unclaimed) {
        CompletableFuture<T> observed = new CompletableFuture<>();
        acquiring.whenComplete((outcome, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                attempt.failed(cause);
                observed.completeExceptionally(cause);
                return;
            }
            T mine = grant.apply(outcome);
            if (!observed.complete(mine)) {
                unclaimed.accept(mine);
            }
        });
        observed.whenComplete((outcome, failure) -> {
            if (failure instanceof CancellationException) {
                acquiring.cancel(true);
            }
        });
        return observed;
    }

    /**
     * The delegate's own acquire, run and release, observed: the acquire ends when the work is called, the held
     * section when the release is done, and the work runs in the held observation's scope.
     */
    @Override
    public <T, X extends Exception> T withLock(Duration wait, LockedCallable<T, X> work)
            throws InterruptedException, X {
        Observation parent = observations.current();
        Observation acquire = observations.start(HaspObservations.ACQUIRE, name(), parent);
        Observation[] held = new Observation[1];
        try {
            T result = lock.withLock(wait, lease -> {
                stop(acquire, "granted", null);
                held[0] = observations.start(HaspObservations.HOLD, name(), parent);
                try (Observation.Scope scope = held[0].openScope()) {
                    return work.call(lease);
                }
            });
            stop(held[0], "released", null);
            return result;
        } catch (Exception | Error e) {
            endFailed(acquire, held[0], e);
            throw e;
        }
    }

    @Override
    public <X extends Exception> void runLocked(Duration wait, LockedRunnable<X> work)
            throws InterruptedException, X {
        withLock(wait, lease -> {
            work.run(lease);
            return null;
        });
    }

    /** Not observed: its per-thread ownership is the delegate's own view's. */
    @Override
    public JavaLock asJavaLock() {
        return lock.asJavaLock();
    }

    /**
     * Ends a {@code withLock} that threw: in the acquire if the work never ran; else the work threw (and the lock was
     * released all the same) or the lease was found lost after it.
     */
    private static void endFailed(Observation acquire, Observation held, Throwable failure) {
        if (held == null) {
            stop(acquire, acquireOutcome(failure), failure);
        } else {
            stop(held, failure instanceof LockLostException ? "expired" : "released", failure);
        }
    }

    static void stop(Observation observation, String outcome, Throwable failure) {
        observation.lowCardinalityKeyValue("outcome", outcome);
        if (failure != null) {
            observation.error(failure);
        }
        observation.stop();
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String acquireOutcome(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof LockTimeoutException) {
            return "timed_out";
        }
        return cause instanceof InterruptedException || cause instanceof CancellationException
                ? "cancelled" : "failed";
    }

    /** One acquire's observation, started on the calling thread. */
    private final class Attempt {
        private final Observation parent = observations.current();
        private final Observation observation = observations.start(HaspObservations.ACQUIRE, name(), parent);

        Lease granted(Lease lease) {
            stop(observation, "granted", null);
            return new ObservedLease(lease, observations.start(HaspObservations.HOLD, name(), parent));
        }

        Optional<Lease> ended(Optional<Lease> lease) {
            if (lease.isEmpty()) {
                stop(observation, "timed_out", null);
                return lease;
            }
            return Optional.of(granted(lease.get()));
        }

        void failed(Throwable failure) {
            stop(observation, acquireOutcome(failure), failure);
        }
    }
}
