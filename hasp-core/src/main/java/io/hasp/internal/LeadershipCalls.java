package io.hasp.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of one election participant to its listener: one at a time, in the order they were made, each on the
 * client's executor (never on an I/O thread).
 *
 * <p>Design note. The calls form a chain of futures, each completed when its call has run or been given up, so a
 * call is handed to the executor only once the one before it is over; a link never completes exceptionally, or every
 * later call would be skipped for good. The tail of the chain is guarded by this object's monitor, held only to
 * append a link. An executor can refuse a call (shut down, or saturated with an abort policy); what then happens
 * depends on the call, and the caller says which when it makes it:
 * <ul>
 *   <li>{@link #once}: the call is dropped and its {@code refused} step runs instead, on the thread that was refused
 *       (an I/O thread, maybe: it must not block). An election uses it for {@code elected}: a participant whose
 *       application cannot be told that it leads steps down, so the leadership does not sit idle with it.</li>
 *   <li>{@link #untilTaken}: the call is offered again after a pause (doubling from {@value #FIRST_PAUSE_MILLIS} ms to
 *       {@value #MAX_PAUSE_MILLIS} ms, on the client's timer) until the executor takes it, or the participant is
 *       closed, or the client's timer is; the calls made after it wait behind it. An election uses it for
 *       {@code revoked}: the application believes it leads until it hears otherwise; and the participant campaigns
 *       again only once the call was taken, so no elected call of a later term waits behind a refused one
 *       (unoffered, it could not make the participant step down).</li>
 * </ul>
 * A refusal is logged once per call; a listener that throws is logged and skipped. Thread-safe.
 */
final class LeadershipCalls {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLeaderElection.class);
    static final long FIRST_PAUSE_MILLIS = 10;
    static final long MAX_PAUSE_MILLIS = 1000;

    private final String election;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    LeadershipCalls(String election, Executor executor, ScheduledExecutorService timer) {
        this.election = election;
        this.executor = executor;
        this.timer = timer;
    }

    /** Makes {@code call} after the earlier ones; if the executor refuses it, runs {@code refused} instead. */
    synchronized void once(Runnable call, Runnable refused) {
        tail = tail.thenCompose(previousDone -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (!offer(call, done)) {
                try {
                    refused.run();
                } finally {
                    done.complete(null);
                }
            }
            return done;
        });
    }

    /**
     * Makes {@code call} (named {@code what} in logs) after the earlier ones, offering it until it is taken; runs
     * {@code taken} once the executor took it (or it was given up), on the thread that offered it.
     */
    synchronized void untilTaken(String what, Runnable call, Runnable taken) {
        tail = tail.thenCompose(previousDone -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (offer(call, done)) {
                taken.run();
            } else {
                LOG.warn("election '{}': the executor refused the {} call; offering it again until it takes it",
                        election, what);
                offerLater(what, call, taken, done, FIRST_PAUSE_MILLIS);
            }
            return done;
        });
    }

    /** Stops offering refused calls again: the participant is closed. */
    void close() {
        closed = true;
    }

    private void offerLater(String what, Runnable call, Runnable taken, CompletableFuture<Void> done,
            long pauseMillis) {
        if (closed) {
            giveUp(what, taken, done, "the participant was closed");
            return;
        }
        try {
            timer.schedule(() -> {
                if (offer(call, done)) {
                    taken.run();
                } else {
                    offerLater(what, call, taken, done, Math.min(2 * pauseMillis, MAX_PAUSE_MILLIS));
                }
            }, pauseMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException clientClosed) {
            giveUp(what, taken, done, "the Hasp client was closed");
        }
    }

    private void giveUp(String what, Runnable taken, CompletableFuture<Void> done, String why) {
        LOG.warn("election '{}': the {} call the executor refused is given up: {}", election, what, why);
        try {
            taken.run();
        } finally {
            done.complete(null);
        }
    }

    /** Hands {@code call} to the executor, to complete {@code done} once run; whether the executor took it. */
    private boolean offer(Runnable call, CompletableFuture<Void> done) {
        try {
            executor.execute(() -> {
                try {
                    call.run();
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) {
                    LOG.warn("election '{}': the leadership listener threw", election, e);
                } finally {
                    done.complete(null);
                }
            });
            return true;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable refused) { // an abort policy's refusal, or an executor failing in a way of its own
            LOG.debug("election '{}': the executor refused a listener call: {}", election, refused.toString());
            return false;
        }
    }
}
