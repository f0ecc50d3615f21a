package io.hasp.internal;

import io.hasp.RedisUnavailableException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis master of a Redlock client: its connection (a {@link SingleNodeBackend} over it), its circuit breaker and
 * its identity (run id, restart quarantine).
 *
 * <p>Design note. {@link #call} never fails and never waits longer than the per-node timeout it is given: it answers
 * with a {@link NodeOutcome}, completed by the reply, by a timer task at the timeout, or at once when the breaker is
 * open or the node was never reached. Whichever comes first wins the outcome and feeds the breaker; a reply that
 * arrives after the timeout still tells the breaker the node is alive. The session (connection and backend) is
 * written once when a connect succeeds and read without locks; a node that could not be connected at start has none
 * and is probed through the breaker. Lettuce reconnects on its own; the connection listener marks the node unverified
 * when the connection drops (a restart always drops it, and a restarted server can only accept the new connection
 * after that) and re-reads the run id when it is back.
 *
 * <p><b>One call's commands run in the order it sent them.</b> A call (one token) may send a node its next command
 * before the last one answered: a Redlock round that is decided without a slow node sends that node its release
 * behind the acquire, and the call's next round may follow. Lettuce keeps the order of writes only as far as Netty
 * does, and Netty writes a command sent on the connection's own I/O thread at once, ahead of writes other threads
 * queued there before it: a release could run before the acquire it undoes (the late grant then stays for its lease),
 * or after the next round's acquire by the same token (deleting that grant, so the lease counts a node it does not
 * hold). So {@link #call} sends a call's command only once the call's previous command on this node has been
 * answered or has failed ({@link #unanswered}, by token); the common case (nothing of that call in flight) sends at
 * once. A command that waits still counts its per-node timeout from the call, so a slow node stays as slow as it is.
 * Closing waits for those commands (each bounded by the command timeout, all by twice that): a lease's release
 * answers at a majority, and the rest of its sends must still go out when the client closes right after.
 * Thread-safe.
 */
final class RedlockNode {
    private static final Logger LOG = LoggerFactory.getLogger(RedlockNode.class);
    private static final LuaScript RAISE_FENCE = LuaScript.load("fence-raise");
    /**
     * A per-node timeout up to this long is not cancelled when the answer arrives: its timer task runs out later and
     * does nothing. Cancelling removes the task from the timer's queue, which empties it between rounds, so the
     * next round's task becomes the queue's head and wakes the timer thread: a context switch per round, measured as
     * one in seven of a Redlock cycle's. Left in place, earlier rounds' tasks stay at the head and the timer thread
     * wakes once per timeout period instead. At most this long's worth of rounds waits in the queue, each task
     * holding one outcome; longer timeouts (releases, admin) are cancelled as usual.
     */
    private static final long UNCANCELLED_TIMEOUT_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Carries the connect timeout, which bounds the handshake and a new connection's first command. */
    private final RedisURI uri;
    private final Duration commandTimeout;
    private final String label;
    private final RedisClient client;
    private final ScheduledExecutorService timer;
    private final NodeBreaker breaker;
    private final NodeIdentity identity;
    private final LeaseHorizon leases;
    /** This node's release notices; its connection opens on the first subscription. */
    private final PubSubHub pubSub;
    private final AtomicBoolean verifying = new AtomicBoolean();
    /** Per token, the last command sent for that call and not yet answered: completes when it is (see the note). */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> unanswered = new ConcurrentHashMap<>();
    /** Whether the node refused our credentials on its connection's last reconnect; set with the session. */
    private volatile ReconnectRefusal refusal;
    private volatile Session session;
    private volatile boolean closed;

    /** A live connection to the node and the single-node lock commands over it. */
    private record Session(StatefulRedisConnection<String, String> connection, SingleNodeBackend backend,
            ScriptRunner scripts) {
    }

    RedlockNode(RedisURI uri, Duration commandTimeout, RedisClient client, ScheduledExecutorService timer,
            NodeBreaker breaker, NodeIdentity identity, LeaseHorizon leases) {
        this.uri = uri;
        this.commandTimeout = commandTimeout;
        this.label = uri.getHost() + ":" + uri.getPort();
        this.client = client;
        this.timer = timer;
        this.breaker = breaker;
        this.identity = identity;
        this.leases = leases;
        this.pubSub = new PubSubHub(() -> LettuceConnections.openPubSub(client, uri, commandTimeout,
                client.getResources().eventExecutorGroup()));
    }

    /** {@code host:port}, for logs and messages. */
    String label() {
        return label;
    }

    /** Whether commands are sent to this node now: it is connected and its breaker is closed. */
    boolean isReachable() {
        return session != null && breaker.isClosed();
    }

    /** This node's pub/sub connection, shared by every waiter of the client. */
    PubSubHub pubSub() {
        return pubSub;
    }

    /** Whether this node's answers count toward a majority now (verified and not quarantined after a restart). */
    boolean votes() {
        return identity.votes();
    }

    /** Records a lease sent to this node (acquire or extend): a restart quarantines the node for the longest. */
    void leaseSent(long leaseMillis, long sentAt) {
        leases.sent(leaseMillis, sentAt);
    }

    /**
     * Connects and reads the server's run id and version, both within the connect timeout; the connection's later
     * commands get the command timeout. On failure the breaker opens, so the node is probed again after the cool-down.
     */
    CompletableFuture<Void> connect() {
        return LettuceConnections.open(client, uri, commandTimeout).handle((handshake, failure) -> {
            if (failure == null && closed) {
                handshake.connection().closeAsync();
                failure = new IllegalStateException("client closed");
            }
            if (failure != null) {
                breaker.trip();
                throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
            }
            ServerFeatures features = handshake.features();
            handshake.connection().addListener(new ReconnectListener());
            handshake.connection().addListener(OutageLog.of(label + " (a Redlock node)"));
            refusal = ReconnectRefusal.watch(handshake.connection(), client.getResources(), RedactedUris.of(uri),
                    uri.getPort());
            session = new Session(handshake.connection(), new SingleNodeBackend(handshake.connection().async(),
                    features), new ScriptRunner(handshake.connection().async(), features.scriptVariant()));
            noteRunId(handshake.runId());
            breaker.onSuccess();
            LOG.info("Redlock node {}: connected to Redis {}", label, features.version());
            return null;
        });
    }

    /**
     * Runs {@code command} of the call of {@code token} on this node within {@code timeoutNanos}, behind that call's
     * commands sent to this node before (see the design note). With {@code respectBreaker} an open breaker skips the
     * node. Without (releases, which should reach every node that may hold our key), the command is sent anyway, but
     * while the breaker is open nobody waits for its answer: a frozen node runs it when it thaws, if ever.
     */
    <T> CompletableFuture<NodeOutcome<T>> call(String token, Function<SingleNodeBackend, CompletableFuture<T>> command,
            long timeoutNanos, boolean respectBreaker) {
        return send(s -> inCallOrder(token, () -> command.apply(s.backend())), timeoutNanos, respectBreaker);
    }

    /** Sends {@code command} once the previous command of the call of {@code token} here has an answer. */
    private <T> CompletableFuture<T> inCallOrder(String token, Supplier<CompletableFuture<T>> command) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        CompletableFuture<Void> before = unanswered.put(token, answered);
        CompletableFuture<T> reply = before == null ? dispatch(command) : before.thenCompose(v -> dispatch(command));
        reply.whenComplete((value, failure) -> {
            unanswered.remove(token, answered);
            answered.complete(null);
        });
        return reply;
    }

    /**
     * Raises this node's fence counter of {@code keys} to at least {@code fence}; answers the counter after the raise,
     * or -1 if the counter key holds foreign data (left untouched).
     */
    CompletableFuture<NodeOutcome<Long>> raiseFence(LockKeys keys, long fence, long leaseMillis, long timeoutNanos) {
        return send(s -> s.scripts().run(RAISE_FENCE, ScriptOutputType.INTEGER, new String[] {keys.fenceKey()},
                Long.toString(fence), SingleNodeBackend.fenceTtl(leaseMillis)),
                timeoutNanos, true);
    }

    /**
     * Runs an operator command ({@link RedlockLockAdmin}) on this node's connection within {@code timeoutNanos};
     * skipped while the breaker is open or the node was never reached.
     */
    <T> CompletableFuture<NodeOutcome<T>> admin(
            Function<RedisAsyncCommands<String, String>, CompletableFuture<T>> command, long timeoutNanos) {
        return send(s -> command.apply(s.connection().async()), timeoutNanos, true);
    }

    /** Removes a waiter entry from this node's registry, without waiting; skipped while the node is unreachable. */
    void forgetWaiter(LockKeys keys, String member) {
        Session current = session;
        if (current != null && breaker.isClosed()) {
            current.backend().forgetWaiter(keys, member);
        }
    }

    private <T> CompletableFuture<NodeOutcome<T>> send(Function<Session, CompletableFuture<T>> command,
            long timeoutNanos, boolean respectBreaker) {
        Session current = session;
        boolean open = !breaker.isClosed();
        if (current == null || (respectBreaker && open)) {
            probeIfDue();
            String why = current == null ? "not connected" : "circuit breaker open";
            return CompletableFuture.completedFuture(NodeOutcome.failed(this, new NodeSkippedException(why), false));
        }
        if (open) {
            probeIfDue();
            dispatch(command, current).whenComplete((value, failure) -> {
                if (failure == null) {
                    breaker.onSuccess(); // it answered after all
                }
            });
            return CompletableFuture.completedFuture(NodeOutcome.failed(this,
                    new NodeSkippedException("circuit breaker open; sent without waiting"), true));
        }
        if (!identity.isVerified()) {
            verifyInBackground();
        }
        CompletableFuture<NodeOutcome<T>> outcome = new CompletableFuture<>();
        ScheduledFuture<?> timeout;
        try {
            timeout = timer.schedule(() -> {
                if (outcome.isDone()) {
                    return; // answered in time: a short timeout is left to run out (see below)
                }
                TimeoutException late = new TimeoutException("no answer within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                if (outcome.complete(NodeOutcome.failed(this, late, true))) {
                    noteFailure(late);
                }
            }, alignedDelay(timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // the client is closing
            return CompletableFuture.completedFuture(NodeOutcome.failed(this, e, false));
        }
        boolean cancelOnAnswer = timeoutNanos > UNCANCELLED_TIMEOUT_MAX_NANOS;
        dispatch(command, current).whenComplete((value, failure) -> {
            if (cancelOnAnswer) {
                timeout.cancel(false);
            }
            if (failure == null) {
                breaker.onSuccess();
                outcome.complete(NodeOutcome.answered(this, value, identity.votes()));
            } else if (RedisErrors.isUnavailable(failure)) {
                Throwable why = explained(failure);
                if (outcome.complete(NodeOutcome.failed(this, why, true))) {
                    noteFailure(why);
                }
            } else { // the server answered, with an error or foreign data: it is alive
                breaker.onSuccess();
                outcome.complete(NodeOutcome.failed(this, failure, true));
            }
        });
        return outcome;
    }

    /**
     * {@code failure} (the node unavailable), or, if the node refused our credentials when its connection last
     * reconnected, that refusal, still as an unavailable node: it counts as one, and the messages naming the failed
     * nodes say why.
     */
    private Throwable explained(Throwable failure) {
        ReconnectRefusal current = refusal;
        return current == null ? failure : current.refusal()
                .<Throwable>map(refused -> new RedisUnavailableException(null, refused.getMessage(), refused))
                .orElse(failure);
    }

    /**
     * {@code timeoutNanos}, stretched by less than 1/16 so that the timeouts of consecutive rounds end at the same
     * instant (a multiple of timeout/16 on the monotonic clock the timer uses): the timer thread then wakes once per
     * such slot for all of them, instead of once per round.
     */
    private static long alignedDelay(long timeoutNanos) {
        long slot = Math.max(1, timeoutNanos >> 4);
        long due = System.nanoTime() + timeoutNanos;
        return timeoutNanos + Math.floorMod(-due, slot);
    }

    private void noteFailure(Throwable failure) {
        if (breaker.onFailure()) {
            LOG.warn("Redlock node {}: circuit breaker open after repeated failures (last: {}); probing again later",
                    label, RedisErrors.unwrap(failure).toString());
        }
    }

    private static <T> CompletableFuture<T> dispatch(Function<Session, CompletableFuture<T>> command,
            Session session) {
        return dispatch(() -> command.apply(session));
    }

    /** The command's reply, or its synchronous refusal (e.g. a connection being closed) as a failed reply. */
    private static <T> CompletableFuture<T> dispatch(Supplier<CompletableFuture<T>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Starts one probe if the breaker's cool-down is over: connect if never connected, else read the run id. */
    private void probeIfDue() {
        if (closed || !breaker.claimProbe()) {
            return;
        }
        CompletableFuture<Void> probe = session == null ? connectInBackground() : readIdentity();
        probe.whenComplete((v, failure) -> {
            if (failure == null) {
                breaker.probeSucceeded();
                LOG.info("Redlock node {}: answering again; circuit breaker closed", label);
            } else {
                breaker.probeFailed();
                LOG.debug("Redlock node {}: probe failed: {}", label, failure.toString());
            }
        });
    }

    /** {@link #connect()} off the caller's thread, for the same reason as the pub/sub connection. */
    private CompletableFuture<Void> connectInBackground() {
        try {
            return CompletableFuture.supplyAsync(this::connect, client.getResources().eventExecutorGroup())
                    .thenCompose(connecting -> connecting);
        } catch (RejectedExecutionException closing) {
            return CompletableFuture.failedFuture(closing);
        }
    }

    private void verifyInBackground() {
        if (closed || !verifying.compareAndSet(false, true)) {
            return;
        }
        readIdentity().whenComplete((v, failure) -> verifying.set(false));
    }

    /** Reads {@code INFO server} and records the run id; fails if the node does not answer. */
    private CompletableFuture<Void> readIdentity() {
        Session current = session;
        if (current == null) {
            return CompletableFuture.failedFuture(new NodeSkippedException("not connected"));
        }
        try {
            return current.connection().async().info("server").toCompletableFuture()
                    .thenAccept(info -> noteRunId(NodeIdentity.parseRunId(info)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void noteRunId(String runId) {
        if (identity.observe(runId)) {
            LOG.warn("Redlock node {}: Redis restarted (new run id {}); its votes do not count until the restart"
                    + " quarantine is over", label, runId);
        }
    }

    CompletableFuture<Void> closeAsync() {
        closed = true;
        ReconnectRefusal watching = refusal;
        if (watching != null) {
            watching.close();
        }
        Session current = session;
        if (current == null) {
            return CompletableFuture.completedFuture(null);
        }
        // A release answered at a majority may still wait here behind its call's previous command (see the note):
        // it is sent and answered (or times out) before the connection goes, or the key stays for its lease.
        return CompletableFuture.allOf(unanswered.values().toArray(new CompletableFuture<?>[0]))
                .completeOnTimeout(null, 2 * commandTimeout.toNanos(), TimeUnit.NANOSECONDS)
                .thenCompose(v -> current.connection().closeAsync());
    }

    @Override
    public String toString() {
        return "RedlockNode{" + label + '}';
    }

    /** Marks the node unverified when its connection drops, and verifies it again once Lettuce has reconnected. */
    private final class ReconnectListener implements RedisConnectionStateListener {
        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            identity.unverify();
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection) {
            verifyInBackground();
        }
    }

    /** The command was not sent: the node's breaker is open, or it was never connected. */
    static final class NodeSkippedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NodeSkippedException(String why) {
            super(why, null, false, false);
        }
    }
}
