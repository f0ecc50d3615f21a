package io.hasp.internal;

import io.hasp.HaspException;
import io.hasp.RedisUnavailableException;
import io.hasp.RedlockOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
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
 * connected by its probes later, so a client can start while a minority of its servers is down.
 */
final class RedlockConnector {
    private static final Logger LOG = LoggerFactory.getLogger(RedlockConnector.class);

    private RedlockConnector() {
    }

    /** The backend over the connected nodes, and how to close them (and the Lettuce client, if we made it). */
    record Connected(RedlockBackend backend, List<RedlockNode> nodes, RedisClient client,
            ClientResources ownedResources) {

        CompletableFuture<Void> closeAsync() {
            List<CompletableFuture<Void>> closing = new ArrayList<>();
            for (RedlockNode node : nodes) {
                closing.add(node.closeAsync());
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]));
            if (ownedResources == null) {
                return all;
            }
            return all.thenCompose(v -> client.shutdownAsync(0, 2, TimeUnit.SECONDS))
                    .thenCompose(v -> ReconnectPolicy.shutdown(ownedResources));
        }
    }

    static Connected connect(ClientSettings settings, ScheduledExecutorService timer) {
        boolean owns = settings.redisClient() == null;
        // A node back from an outage should vote again within a breaker cool-down or so, not seconds later.
        ClientResources resources = owns ? ReconnectPolicy.ownResources() : null;
        RedisClient client = owns ? RedisClient.create(resources) : settings.redisClient();
        if (owns) {
            client.setOptions(ClientOptions.builder()
                    // A command times out after its connection's timeout: the connect timeout from the URI until a
                    // new connection's first answer, then the command timeout (RedlockNode sets it).
                    .timeoutOptions(TimeoutOptions.enabled())
                    .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
        }
        RedlockOptions options = settings.redlock();
        // The floor: the longest lease other clients of these nodes may hold is unknown here; by default assume they
        // use this client's default lease time (a client knows its own leases: LeaseHorizon covers longer ones).
        long quarantineFloor = options.restartQuarantine().orElse(settings.defaultOptions().leaseTime()).toNanos();
        List<RedlockNode> nodes = new ArrayList<>();
        for (RedisURI uri : settings.uris()) {
            long spacing = options.nodeTimeout().orElse(RedlockOptions.AUTO_NODE_TIMEOUT_MAX).toNanos();
            NodeBreaker breaker = new NodeBreaker(options.breakerThreshold(), options.breakerCoolDown().toNanos(),
                    spacing, settings.ticker());
            // The longest lease this client may still hold there: a key lost in the restart can live no longer.
            LeaseHorizon leases = new LeaseHorizon();
            NodeIdentity identity = new NodeIdentity(settings.ticker(), () -> Math.max(quarantineFloor,
                    leases.longestLiveNanos(settings.ticker().read())));
            RedisURI withConnectTimeout = RedisURI.builder(uri).withTimeout(settings.connectTimeout()).build();
            nodes.add(new RedlockNode(withConnectTimeout, settings.commandTimeout(), client, timer, breaker, identity,
                    leases));
        }
        Connected connected = new Connected(new RedlockBackend(nodes, options, settings.ticker(),
                settings.commandTimeout()),
                nodes, client, resources);
        List<CompletableFuture<Void>> connecting = new ArrayList<>();
        for (RedlockNode node : nodes) {
            connecting.add(node.connect());
        }
        StringJoiner failed = new StringJoiner(", ");
        int up = 0;
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        try {
            for (int i = 0; i < nodes.size(); i++) {
                try {
                    connecting.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    up++;
                } catch (ExecutionException | TimeoutException e) {
                    Object why = e instanceof TimeoutException ? "no answer within the connect timeout of "
                            + settings.connectTimeout().toMillis() + " ms" : RedisErrors.unwrap(e);
                    failed.add(nodes.get(i).label() + " (" + why + ")");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected.closeAsync();
            throw new HaspException(null, "interrupted while connecting to the Redlock nodes", e);
        }
        if (up < Quorum.of(nodes.size())) {
            connected.closeAsync();
            throw new RedisUnavailableException(null, "connecting to the Redlock nodes failed: only " + up + " of "
                    + nodes.size() + " answered and a majority of " + Quorum.of(nodes.size()) + " is needed; failed: "
                    + failed, null);
        }
        if (up < nodes.size()) {
            LOG.warn("Redlock: {} of {} nodes connected; will keep probing the others: {}", up, nodes.size(), failed);
        }
        return connected;
    }
}
