package io.hasp.internal;

import io.hasp.HaspArgumentException;
import io.hasp.HaspException;
import io.hasp.KeyConflictException;
import io.hasp.LeaderElection;
import io.hasp.Leadership;
import io.hasp.LeadershipListener;
import io.hasp.Lease;
import io.hasp.Lock;
import io.hasp.LockLostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant of a leader election: a campaign of waiting acquires on the election's lock, and the term it holds.
 *
 * <p>Design note. All state (campaigning, the pending acquire, the current term, the stage of the next election) is
 * guarded by this object's monitor, held only for field updates; acquires, releases and callbacks are started after
 * it is released. A campaign is one waiting acquire at a time ({@link #CAMPAIGN_WAIT} long, then the next); its
 * wake-ups are the lock's (release notices, timed re-checks). Races: an acquire granted after the participant
 * resigned finds {@code campaigning} false and releases its lease at once; a loss of an old term (already resigned or
 * replaced) is ignored because it is not {@code term}. Listener calls go through one chain per participant
 * ({@link LeadershipCalls}), so they arrive in order (elected before the revoked of the same term), on the client's
 * executor.
 *
 * <p>A listener call the executor refuses (shut down, or saturated with an abort policy) is not simply lost. An
 * {@code elected} call refused makes the participant step down: it releases the term and campaigns again after
 * {@link #RETRY_MILLIS}. Holding on would leave the election with a leader whose application never heard it leads,
 * doing no leader's work while every other participant, in processes whose executors work, waits behind it for as
 * long as this executor refuses (for good, if it was shut down). The campaign stage completes in that call too, so
 * nobody is handed a term its listener was not told of. A {@code revoked} call refused is offered again until the
 * executor takes it (the calls after it wait): that term is over in Redis already, and its application, which heard
 * it was elected, believes it leads until it hears otherwise; the participant campaigns again once that call was
 * taken. A revoked call is made only for a term whose elected call ran ({@link LeaseLeadership#announced}).
 */
final class RedisLeaderElection implements LeaderElection {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLeaderElection.class);
    /** How long one acquire of the campaign waits before the next one starts (the wait itself is notified). */
    private static final Duration CAMPAIGN_WAIT = Duration.ofMinutes(1);
    /** The pause after a failed acquire (Redis unreachable) before the campaign tries again. */
    private static final long RETRY_MILLIS = 500;
    private static final LeadershipListener SILENT = new LeadershipListener() { };

    private final String name;
    private final Lock lock;
    private final ScheduledExecutorService timer;

    private boolean campaigning;
    private boolean closed;
    private LeadershipListener listener;
    private CompletableFuture<Optional<Lease>> pending;
    private LeaseLeadership term;
    private CompletableFuture<Leadership> nextTerm = new CompletableFuture<>();
    private final LeadershipCalls calls;
    /** Whether the last elected call was refused: further step-downs in a row log at DEBUG only. */
    private boolean steppedDown;

    RedisLeaderElection(String name, Lock lock, ScheduledExecutorService timer, Executor executor) {
        this.name = name;
        this.lock = lock;
        this.timer = timer;
        this.calls = new LeadershipCalls(name, executor, timer);
    }


    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<Leadership> campaign() {
        return campaign(SILENT);
    }

    @Override
    public CompletionStage<Leadership> campaign(LeadershipListener newListener) {
        Arguments.notNull("listener", newListener);
        CompletableFuture<Leadership> stage;
        synchronized (this) {
            if (closed) {
                throw new HaspException(name, "election '" + name + "': the participant was closed");
            }
            if (campaigning && listener != newListener) {
                throw new HaspArgumentException("election '" + name + "': the participant already campaigns with"
                        + " another listener; resign first");
            }
            if (campaigning) {
                return nextTerm.minimalCompletionStage();
            }
            campaigning = true;
            listener = newListener;
            if (nextTerm.isDone()) {
                nextTerm = new CompletableFuture<>();
            }
            stage = nextTerm;
        }
        attempt();
        return stage.minimalCompletionStage();
    }

    /** Starts the next waiting acquire, unless the participant leads, waits already, or stopped campaigning. */
    private void attempt() {
        CompletableFuture<Optional<Lease>> started;
        synchronized (this) {
            if (!campaigning || term != null || pending != null) {
                return;
            }
            try {
                started = lock.tryAcquireAsync(CAMPAIGN_WAIT);
            } catch (RuntimeException e) { // the client was closed
                stopCampaign(new HaspException(name, "election '" + name + "': cannot campaign", e));
                return;
            }
            pending = started;
        }
        started.whenComplete((lease, failure) -> onAcquired(started, lease == null ? null : lease.orElse(null), failure));
    }

    private void onAcquired(CompletableFuture<Optional<Lease>> attempt, Lease lease, Throwable failure) {
        LeaseLeadership won = null;
        LeadershipListener told;
        CompletableFuture<Leadership> stage;
        synchronized (this) {
            if (pending == attempt) {
                pending = null;
            }
            if (lease != null && campaigning && term == null) {
                won = new LeaseLeadership(name, lease);
                term = won;
            }
            told = listener;
            stage = nextTerm;
        }
        if (won != null) {
            elected(won, told, stage);
        } else if (lease != null) {
            lease.releaseAsync(); // granted after the participant resigned: hand it straight on, never blocking here
        } else if (RedisErrors.unwrap(failure) instanceof KeyConflictException conflict) {
            // Someone else's data at the election's key: it will not go away by waiting, and is never touched.
            LOG.warn("election '{}': {}; campaign stopped", name, conflict.getMessage());
            stopCampaign(conflict);
        } else if (failure != null && !(failure instanceof CancellationException)) {
            LOG.warn("election '{}': campaign attempt failed, retrying in {} ms: {}", name, RETRY_MILLIS,
                    failure.getMessage());
            retryLater();
        } else if (failure == null) {
            attempt();
        }
    }

    private void elected(LeaseLeadership won, LeadershipListener told, CompletableFuture<Leadership> stage) {
        LOG.info("election '{}': elected, epoch {} (token {})", name, won.epoch(), won.lease().tokenPrefix());
        won.lease().lost().thenAccept(reason -> onLost(won, reason));
        calls.once(() -> {
            won.announce();
            synchronized (this) {
                steppedDown = false;
            }
            stage.complete(won);
            told.elected(won);
        }, () -> stepDown(won));
    }

    /** The executor refused to tell the listener of {@code refused}: gives the term up, campaigns again later. */
    private void stepDown(LeaseLeadership refused) {
        boolean again;
        synchronized (this) {
            if (term != refused) {
                return; // lost or resigned meanwhile: nothing to give up
            }
            term = null;
            again = steppedDown;
            steppedDown = true;
        }
        String message = "election '{}': the executor refused the elected call of epoch {}; stepping down so that"
                + " another participant can lead, campaigning again in {} ms";
        if (again) {
            LOG.debug(message, name, refused.epoch(), RETRY_MILLIS);
        } else {
            LOG.warn(message, name, refused.epoch(), RETRY_MILLIS);
        }
        refused.lease().releaseAsync(); // may run on an I/O thread: never waits
        retryLater();
    }

    private void onLost(LeaseLeadership lostTerm, LockLostException reason) {
        LeadershipListener told;
        synchronized (this) {
            if (term != lostTerm) {
                return; // resigned meanwhile: the release, not the loss, ended the term
            }
            term = null;
            told = listener;
            if (nextTerm.isDone()) {
                nextTerm = new CompletableFuture<>();
            }
        }
        LOG.warn("election '{}': leadership of epoch {} lost: {}", name, lostTerm.epoch(), reason.getMessage());
        calls.untilTaken("revoked", () -> {
            if (lostTerm.announced()) {
                told.revoked(lostTerm, reason);
            }
        }, this::attempt);
    }

    private void retryLater() {
        try {
            timer.schedule(this::attempt, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stopCampaign(new HaspException(name, "election '" + name + "': the Hasp client is closed", e));
        }
    }

    @Override
    public synchronized Optional<Leadership> leadership() {
        return term != null && term.isValid() ? Optional.of(term) : Optional.empty();
    }

    @Override
    public boolean isLeader() {
        return leadership().isPresent();
    }

    @Override
    public void resign() {
        try {
            Futures.join(resigning());
        } catch (RuntimeException e) {
            LOG.warn("election '{}': could not release the leadership; it ends with its lease: {}", name,
                    e.getMessage());
        }
    }

    @Override
    public CompletionStage<Void> resignAsync() {
        return resigning().minimalCompletionStage();
    }

    private CompletableFuture<Void> resigning() {
        return stopCampaign(new HaspException(name, "election '" + name + "': the participant resigned before it was"
                + " elected"));
    }

    /**
     * Stops campaigning: cancels the waiting acquire, releases the term, fails the stage of the next election. Never
     * blocks; returns the release, which completes on the client's executor (at once if there was no term).
     */
    private CompletableFuture<Void> stopCampaign(HaspException why) {
        CompletableFuture<Optional<Lease>> waiting;
        LeaseLeadership ended;
        CompletableFuture<Leadership> stage;
        synchronized (this) {
            campaigning = false;
            waiting = pending;
            pending = null;
            ended = term;
            term = null;
            stage = nextTerm;
        }
        if (waiting != null) {
            waiting.cancel(false); // stops the wait; a lease granted meanwhile is released by its token
        }
        CompletableFuture<Void> released = CompletableFuture.completedFuture(null);
        if (ended != null) {
            LOG.info("election '{}': resigning epoch {}", name, ended.epoch());
            released = ended.lease().releaseAsync().thenApply(wasOurs -> null);
        }
        stage.completeExceptionally(why);
        return released;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        calls.close();
        resign();
    }

    @Override
    public String toString() {
        return "LeaderElection{" + name + '}';
    }
}
