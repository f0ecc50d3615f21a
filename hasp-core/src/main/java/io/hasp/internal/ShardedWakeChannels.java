package io.hasp.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.Disposable;

/**
 * Release notices on a Redis 7+ cluster, by sharded pub/sub. A lock's channel is in the lock's slot (its hash tag),
 * and the scripts send notices with {@code SPUBLISH}, which the cluster delivers only inside the shard that owns that
 * slot; so each channel is subscribed ({@code SSUBSCRIBE}) on that slot's primary, through one
 * {@link PubSubHub.Kind#SHARDED sharded} {@link PubSubHub} per primary, each with its own connection opened on first
 * use. Nodes of other shards never carry the notice.
 *
 * <p>Following the topology. A subscription is placed on the primary that the client's topology names for its slot,
 * and moves:
 * <ul>
 *   <li>when a topology refresh names another owner (Lettuce's {@link ClusterTopologyChangedEvent}: a failover, a slot
 *       move, a killed primary replaced);</li>
 *   <li>when the node unsubscribes the channel itself, as Redis does when the slot leaves the node or the node stops
 *       serving it: after asking Lettuce to re-read the topology;</li>
 *   <li>when subscribing fails (a {@code MOVED} from a node that lost the slot, a node that is down): after a
 *       re-read of the topology and a pause that grows up to {@link #RETRY_MAX}, for as long as the subscription is
 *       held.</li>
 * </ul>
 * A move subscribes at the new owner first, then drops the old hold. Once the new subscription is confirmed, the
 * listener is told to re-check ({@link WakeChannels.Listener#onResubscribed()}): a release may have been published
 * while it moved. Timed re-checks remain the safety net throughout.
 *
 * <p>Design note. Each {@link Routed} hold keeps its node and hub subscription under its own monitor, with a
 * generation number: a move bumps it, and the outcome of an older move is ignored, so moves of one hold may overlap
 * without leaving two live subscriptions. No monitor is held while subscribing to a hub (whose futures may complete
 * at once) or while calling a listener (which takes the waiter's monitor; waiters call in here holding theirs, so the
 * order waiter, then hold, is the only one). Hubs live in a concurrent map, made on first need and closed when a
 * move leaves one unused (its node lost the slot, or died). Topology events arrive on a Lettuce thread; everything done here is
 * non-blocking.
 */
final class ShardedWakeChannels implements WakeChannels {
    /** The longest pause between two tries to subscribe a channel whose node keeps refusing or is down. */
    static final Duration RETRY_MAX = Duration.ofSeconds(1);
    private static final long RETRY_FIRST_MILLIS = 20;

    private final RedisClusterClient cluster;
    private final Function<RedisClusterNode, CompletableFuture<StatefulRedisPubSubConnection<String, String>>> opener;
    private final RedisClient nodeClient;
    private final ScheduledExecutorService timer;
    private final Map<String, PubSubHub> hubs = new ConcurrentHashMap<>();
    private final Set<Routed> held = ConcurrentHashMap.newKeySet();
    private final Disposable topologyEvents;
    private CompletableFuture<Void> refreshing; // guarded by this
    private volatile boolean closed;

    /**
     * @param cluster the cluster client whose topology places the channels
     * @param nodeClient the client that {@code opener} opens node connections with; shut down on close
     * @param opener opens a pub/sub connection to one node
     */
    ShardedWakeChannels(RedisClusterClient cluster, RedisClient nodeClient,
            Function<RedisClusterNode, CompletableFuture<StatefulRedisPubSubConnection<String, String>>> opener,
            ScheduledExecutorService timer) {
        this.cluster = cluster;
        this.nodeClient = nodeClient;
        this.opener = opener;
        this.timer = timer;
        this.topologyEvents = cluster.getResources().eventBus().get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(event -> held.forEach(routed -> place(routed, false)));
    }

    @Override
    public Subscription subscribe(String channel, Listener listener) {
        Routed routed = new Routed(channel, listener);
        if (closed) {
            routed.ready.completeExceptionally(new IllegalStateException("the Hasp client is closed"));
            return routed;
        }
        held.add(routed);
        place(routed, false);
        return routed;
    }

    /**
     * Subscribes {@code routed} at the current owner of its slot if it is elsewhere (or anyway, if {@code again}),
     * then drops its previous hold.
     */
    private void place(Routed routed, boolean again) {
        RedisClusterNode owner = cluster.getPartitions().getMasterBySlot(routed.slot);
        if (owner == null) {
            retryLater(routed, new IllegalStateException("no known primary serves slot " + routed.slot));
            return;
        }
        String nodeId = owner.getNodeId();
        PubSubHub hub;
        long generation;
        synchronized (routed) {
            if (routed.closed || (!again && nodeId.equals(routed.node) && routed.part != null)) {
                return;
            }
            hub = hubs.computeIfAbsent(nodeId, id -> new PubSubHub(() -> opener.apply(owner),
                    PubSubHub.Kind.SHARDED, name -> droppedBy(id, name)));
            generation = ++routed.generation;
        }
        Subscription part = hub.subscribe(routed.channel, routed.listener);
        Subscription previous;
        String previousNode;
        synchronized (routed) {
            if (routed.closed || routed.generation != generation) {
                previous = part; // closed, or a later move overtook this one: drop what was just made
                previousNode = nodeId;
            } else {
                previous = routed.part;
                previousNode = routed.node;
                routed.part = part;
                routed.node = nodeId;
            }
        }
        if (previous != null) {
            previous.close();
            retireIfIdle(previousNode);
        }
        if (previous != part) {
            part.ready().whenComplete((v, failure) -> settled(routed, generation, failure));
        }
    }

    /**
     * Closes the hub of a node no subscription uses any more (a node that lost its slots, or died: its connection
     * would otherwise keep reconnecting). A subscription racing to it finds it closed, fails, and is placed again.
     */
    private void retireIfIdle(String nodeId) {
        PubSubHub[] idle = new PubSubHub[1];
        hubs.computeIfPresent(nodeId, (id, hub) -> {
            if (hub.channelCount() > 0) {
                return hub;
            }
            idle[0] = hub;
            return null;
        });
        if (idle[0] != null) {
            idle[0].close();
        }
    }

    private void settled(Routed routed, long generation, Throwable failure) {
        boolean first;
        synchronized (routed) {
            if (routed.closed || routed.generation != generation) {
                return;
            }
            first = !routed.ready.isDone();
            if (failure == null) {
                routed.failures = 0;
                if (!first && routed.ready.isCompletedExceptionally()) {
                    routed.ready = CompletableFuture.completedFuture(null);
                }
            }
        }
        if (failure != null) {
            if (first) {
                routed.ready.completeExceptionally(failure); // the waiter relies on its re-checks meanwhile
            }
            retryLater(routed, failure);
        } else if (first) {
            routed.ready.complete(null);
        } else {
            routed.listener.onResubscribed(); // it moved: a release may have been published meanwhile
        }
    }

    /** A node unsubscribed {@code channel} on its own: its slot left it. Re-read the topology and follow the slot. */
    private void droppedBy(String nodeId, String channel) {
        for (Routed routed : held) {
            if (routed.channel.equals(channel) && nodeId.equals(routed.node())) {
                refreshTopology().whenComplete((v, f) -> place(routed, true));
            }
        }
    }

    private void retryLater(Routed routed, Throwable why) {
        long pause;
        synchronized (routed) {
            if (routed.closed || closed) {
                return;
            }
            pause = Math.min(RETRY_MAX.toMillis(), RETRY_FIRST_MILLIS << Math.min(routed.failures++, 10));
        }
        timer.schedule(() -> refreshTopology().whenComplete((v, f) -> place(routed, true)), pause,
                TimeUnit.MILLISECONDS);
    }

    /** One topology re-read at a time, shared by every subscription that asks while it runs. */
    private synchronized CompletableFuture<Void> refreshTopology() {
        if (refreshing == null || refreshing.isDone()) {
            refreshing = cluster.refreshPartitionsAsync().toCompletableFuture().handle((v, f) -> null);
        }
        return refreshing;
    }

    @Override
    public CompletableFuture<Void> close() {
        closed = true;
        topologyEvents.dispose();
        held.forEach(Routed::close);
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        hubs.values().forEach(hub -> closing.add(hub.close().exceptionally(f -> null)));
        return CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
                .thenCompose(v -> nodeClient.shutdownAsync(0, 2, TimeUnit.SECONDS));
    }

    /** One listener's hold on a channel, wherever the channel's slot lives. */
    private final class Routed implements Subscription {
        final String channel;
        final int slot;
        final Listener listener;
        private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
        private String node; // guarded by this
        private Subscription part; // guarded by this
        private long generation; // guarded by this
        private int failures; // guarded by this
        private boolean closed; // guarded by this

        Routed(String channel, Listener listener) {
            this.channel = channel;
            this.slot = SlotHash.getSlot(channel);
            this.listener = listener;
        }

        synchronized String node() {
            return node;
        }

        @Override
        public CompletableFuture<Void> ready() {
            return ready;
        }

        @Override
        public void close() {
            Subscription last;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                last = part;
                part = null;
            }
            held.remove(this);
            if (last != null) {
                last.close(); // the hub stays: the node still serves the slot, and the next wait reuses it
            }
        }
    }
}
