package io.hasp.internal;

import io.hasp.HaspException;
import io.hasp.RedisAuthenticationException;
import io.hasp.RedisTlsException;
import io.hasp.RedisUnavailableException;
import io.hasp.RedlockOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a Redlock client: one Lettuce connection per node, all through one {@link RedisClient} so they share its
 * I/O threads. Succeeds when a majority of the nodes answers; the others start with their breaker open and are
 * connected by its probes later, so a client can start while a minority of its servers is down. Stateless.
 */
final class RedlockConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(RedlockConnector.class);

    @Override
    public Topology connect(ClientSettings settings, ScheduledExecutorService timer) {
        // Hasp's own client reconnects at most ReconnectPolicy.MAX_DELAY apart: a node back from an outage should
        // vote again within a breaker cool-down or so, not seconds later.
        LettuceClient lettuce = LettuceClient.forSettings(settings);
        RedisClient client = lettuce.redis();
        RedlockOptions options = settings.redlock();
        // The floor: the longest lease other clients of these nodes may hold is unknown here; by default assume they
        // use this client's default lease time (a client knows its own leases: LeaseHorizon covers longer ones).
        long quarantineFloor = options.restartQuarantine().orElse(settings.defaultOptions().leaseTime()).toNanos();
        List<RedlockNode> nodes = new ArrayList<>();
        // Breakers change state on I/O and timer threads: their events go to the listeners on the client's executor.
        LockEvents events = new LockEvents(settings.listeners(), settings.executor());
        for (RedisURI uri : settings.uris()) {
            long spacing = options.nodeTimeout().orElse(RedlockOptions.AUTO_NODE_TIMEOUT_MAX).toNanos();
            String node = uri.getHost() + ":" + uri.getPort();
            NodeBreaker breaker = new NodeBreaker(options.breakerThreshold(), options.breakerCoolDown().toNanos(),
                    spacing, settings.ticker(), () -> events.nodeBreakerOpened(node),
                    () -> events.nodeBreakerClosed(node));
            // The longest lease this client may still hold there: a key lost in the restart can live no longer.
            LeaseHorizon leases = new LeaseHorizon();
            NodeIdentity identity = new NodeIdentity(settings.ticker(), () -> Math.max(quarantineFloor,
                    leases.longestLiveNanos(settings.ticker().read())));
            nodes.add(new RedlockNode(LettuceConnections.withConnectTimeout(uri, settings.connectTimeout()),
                    settings.commandTimeout(), client, timer, breaker, identity, leases));
        }
        RedlockTopology connected = new RedlockTopology(new RedlockBackend(nodes, options, settings.ticker(),
                settings.commandTimeout()), nodes, lettuce);
        List<CompletableFuture<Void>> connecting = new ArrayList<>();
        for (RedlockNode node : nodes) {
            connecting.add(node.connect());
        }
        List<NodeFailure> failed = new ArrayList<>();
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        try {
            for (int i = 0; i < nodes.size(); i++) {
                String label = nodes.get(i).label();
                try {
                    connecting.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    Throwable why = e instanceof TimeoutException ? new TimeoutException("no answer within the connect"
                            + " timeout of " + settings.connectTimeout().toMillis() + " ms") : e;
                    failed.add(new NodeFailure(label, ConnectFailures.map(label, why)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected.closeAsync();
            throw new HaspException(null, "interrupted while connecting to the Redlock nodes", e);
        }
        int up = nodes.size() - failed.size();
        if (up < Quorum.of(nodes.size())) {
            connected.closeAsync();
            throw noMajority(up, nodes.size(), failed);
        }
        if (!failed.isEmpty()) {
            LOG.warn("Redlock: {} of {} nodes connected; will keep probing the others: {}", up, nodes.size(),
                    String.join("; ", failed.stream().map(NodeFailure::line).toList()));
        }
        LOG.info("Redlock client over {} nodes ready", nodes.size());
        return connected;
    }

    /** Why one node could not be connected: its label and the Hasp exception for its cause. */
    private record NodeFailure(String label, RuntimeException failure) {
        String line() {
            return label + ": " + ConnectFailures.reason(failure, label);
        }
    }

    /**
     * The failure of a client that reached fewer than a majority: one line per failed node in the message, and each
     * node's exception attached as suppressed. When every node failed the same way (all refused the password, all
     * failed TLS) the exception says so by its type; otherwise some were unreachable and it is
     * {@link RedisUnavailableException}.
     */
    private static RuntimeException noMajority(int up, int size, List<NodeFailure> failed) {
        StringBuilder message = new StringBuilder("connecting to the Redlock nodes failed: only " + up + " of " + size
                + " answered and a majority of " + Quorum.of(size) + " is needed");
        for (NodeFailure node : failed) {
            message.append("\n  ").append(node.line());
        }
        Class<?> kind = failed.get(0).failure().getClass();
        boolean alike = failed.stream().allMatch(node -> node.failure().getClass() == kind);
        RuntimeException failure;
        if (alike && kind == RedisAuthenticationException.class) {
            failure = new RedisAuthenticationException(message.toString(), null);
        } else if (alike && kind == RedisTlsException.class) {
            failure = new RedisTlsException(message.toString(), null);
        } else if (alike && kind == HaspException.class) {
            failure = new HaspException(null, message.toString());
        } else {
            failure = new RedisUnavailableException(null, message.toString(), null);
        }
        for (NodeFailure node : failed) {
            failure.addSuppressed(node.failure());
        }
        return failure;
    }
}
