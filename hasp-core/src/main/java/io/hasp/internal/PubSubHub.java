package io.hasp.internal;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's one pub/sub connection, shared by every waiter on every lock: no pool, no per-lock connection. Channels
 * are reference-counted by listener; the first listener of a channel sends SUBSCRIBE, the last one to leave sends
 * UNSUBSCRIBE.
 *
 * <p>Design note. The connection is opened lazily, on the first subscription. Subscription changes are made under
 * this object's monitor, which is held only to update the channel table and to dispatch a (non-blocking) command, so
 * SUBSCRIBE and UNSUBSCRIBE of one channel reach Redis in the order they were decided. Channels asked for while the
 * connection is still opening are all subscribed once it is open. Messages arrive on a Lettuce I/O thread and are
 * dispatched through a concurrent map without taking the monitor; listeners must be quick and never block. The
 * monitor is never held while calling a listener or completing a future (whose dependents run waiters' code, which
 * takes their own monitors and may subscribe): callers may hold their monitors while subscribing, never the reverse.
 *
 * <p>Pub/sub is at-most-once: waiters keep timed re-checks. Lettuce reconnects on its own and subscribes the
 * channels again; each such re-confirmation after the first tells the channel's listeners to re-check at once,
 * because messages sent while the connection was down are lost. If opening the connection fails, the channels asked
 * for so far report failure (their waiters fall back to timed re-checks) and the next subscription tries again.
 *
 * <p>A {@link Kind#SHARDED sharded} hub speaks SSUBSCRIBE to one node of a Redis 7+ cluster, for
 * {@link ShardedWakeChannels}. Two things differ. Lettuce re-subscribes all shard channels in one SSUBSCRIBE after a
 * reconnect, which the server refuses (CROSSSLOT) when they span slots, so the hub re-subscribes each channel on its
 * own once connected. And the server itself unsubscribes a shard channel when its slot leaves the node: the hub then
 * forgets the channel (a later subscription sends SSUBSCRIBE again), fails its ready future if still pending, and
 * tells its owner through the {@code dropped} callback. Its own SUNSUBSCRIBEs are counted, so their replies are not
 * taken for such a drop.
 */
final class PubSubHub implements WakeChannels {
    private static final Logger LOG = LoggerFactory.getLogger(PubSubHub.class);

    /** Which pub/sub a hub speaks. */
    enum Kind {
        /** SUBSCRIBE and PUBLISH: one Redis, a Sentinel primary, or a cluster (whose bus carries it to every node). */
        CLASSIC,
        /** SSUBSCRIBE and SPUBLISH on one node of a Redis 7+ cluster: it hears the channels of its shard's slots. */
        SHARDED
    }

    /** One listener's hold on a channel. */
    final class Subscription implements WakeChannels.Subscription {
        private final Channel channel;
        private final Listener listener;

        private Subscription(Channel channel, Listener listener) {
            this.channel = channel;
            this.listener = listener;
        }

        /** Completes once Redis confirmed the subscription; fails if it could not be made. */
        @Override
        public CompletableFuture<Void> ready() {
            return channel.ready;
        }

        /** Drops this hold; the last hold on a channel unsubscribes it. Idempotent. */
        @Override
        public void close() {
            unsubscribe(this);
        }
    }

    private static final class Channel {
        final String name;
        final List<Listener> listeners = new CopyOnWriteArrayList<>();
        volatile CompletableFuture<Void> ready = new CompletableFuture<>();
        volatile boolean confirmed;

        Channel(String name) {
            this.name = name;
        }
    }

    private final Supplier<CompletableFuture<StatefulRedisPubSubConnection<String, String>>> connector;
    private final Kind kind;
    private final Consumer<String> dropped;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    /** Sharded: SUNSUBSCRIBEs sent and not yet answered, by channel. */
    private final Map<String, Integer> unsubscribing = new HashMap<>();
    private StatefulRedisPubSubConnection<String, String> connection;
    private boolean connecting;
    private boolean closed;

    /** A classic hub. */
    PubSubHub(Supplier<CompletableFuture<StatefulRedisPubSubConnection<String, String>>> connector) {
        this(connector, Kind.CLASSIC, name -> { });
    }

    /** {@code dropped}: told (on an I/O thread, no monitor held) the name of a channel the server unsubscribed. */
    PubSubHub(Supplier<CompletableFuture<StatefulRedisPubSubConnection<String, String>>> connector, Kind kind,
            Consumer<String> dropped) {
        this.connector = connector;
        this.kind = kind;
        this.dropped = dropped;
    }

    /** Starts delivering {@code channel}'s messages to {@code listener}; subscribes the channel if it is new. */
    @Override
    public Subscription subscribe(String name, Listener listener) {
        Runnable afterwards = null;
        Subscription subscription;
        synchronized (this) {
            Channel channel = channels.get(name);
            if (channel == null) {
                channel = new Channel(name);
                if (closed) {
                    channel.ready.completeExceptionally(new IllegalStateException("the Hasp client is closed"));
                    return new Subscription(channel, listener); // nobody depends on this future yet
                }
                channels.put(name, channel);
                if (connection != null) {
                    afterwards = sendSubscribe(channel);
                } else if (!connecting) {
                    afterwards = connect();
                }
            } else if (connection != null && channel.ready.isCompletedExceptionally()) {
                channel.ready = new CompletableFuture<>(); // a new listener asks again for a channel that failed
                afterwards = sendSubscribe(channel);
            }
            channel.listeners.add(listener);
            subscription = new Subscription(channel, listener);
        }
        if (afterwards != null) {
            afterwards.run();
        }
        return subscription;
    }

    private synchronized void unsubscribe(Subscription subscription) {
        Channel channel = subscription.channel;
        if (!channel.listeners.remove(subscription.listener) || !channel.listeners.isEmpty()) {
            return;
        }
        if (channels.remove(channel.name, channel) && connection != null) {
            if (kind == Kind.SHARDED) {
                unsubscribing.merge(channel.name, 1, Integer::sum);
                connection.async().sunsubscribe(channel.name);
            } else {
                connection.async().unsubscribe(channel.name);
            }
        }
    }

    /** How many channels this client is subscribed to (or about to be). */
    int channelCount() {
        return channels.size();
    }

    /** Starts opening the connection (caller holds the monitor); returns what to run once it is released. */
    private Runnable connect() {
        connecting = true;
        return () -> {
            CompletableFuture<StatefulRedisPubSubConnection<String, String>> opening;
            try {
                opening = connector.get();
            } catch (RuntimeException e) {
                opening = CompletableFuture.failedFuture(e);
            }
            opening.whenComplete(this::connected);
        };
    }

    private void connected(StatefulRedisPubSubConnection<String, String> opened, Throwable failure) {
        List<Runnable> afterwards = new ArrayList<>();
        synchronized (this) {
            connecting = false;
            if (failure != null) {
                if (closed) { // the client closed while it opened: Lettuce refuses to connect, nobody waits any more
                    LOG.debug("the pub/sub connection was still opening when the client closed: {}",
                            RedisErrors.unwrap(failure).toString());
                } else {
                    LOG.warn("could not open the pub/sub connection; waiters fall back to timed re-checks: {}",
                            RedisErrors.unwrap(failure).toString());
                }
                for (Channel channel : channels.values()) {
                    afterwards.add(() -> channel.ready.completeExceptionally(failure));
                }
                channels.clear();
            } else if (closed) {
                opened.closeAsync();
            } else {
                connection = opened;
                opened.addListener(new Dispatcher());
                opened.addListener(new RedisConnectionStateListener() {
                    @Override
                    public void onRedisConnected(RedisChannelHandler<?, ?> handler, java.net.SocketAddress address) {
                        resubscribeAfterReconnect();
                    }
                });
                for (Channel channel : channels.values()) {
                    afterwards.add(sendSubscribe(channel));
                }
            }
        }
        afterwards.forEach(Runnable::run);
    }

    /**
     * Sends SUBSCRIBE (caller holds the monitor, which orders it with UNSUBSCRIBE); returns what wires its outcome to
     * the channel's ready future, to run once the monitor is released.
     */
    private Runnable sendSubscribe(Channel channel) {
        CompletableFuture<Void> ready = channel.ready;
        CompletableFuture<Void> sent = (kind == Kind.SHARDED ? connection.async().ssubscribe(channel.name)
                : connection.async().subscribe(channel.name)).toCompletableFuture();
        return () -> sent.whenComplete((v, failure) -> {
            if (failure == null) {
                ready.complete(null);
            } else {
                LOG.debug("subscribing to {} failed: {}", channel.name, failure.toString());
                ready.completeExceptionally(failure);
            }
        });
    }

    /**
     * A SUBSCRIBE refused while the connection was down is not re-sent by Lettuce: send it again now. A sharded hub
     * sends every channel's SSUBSCRIBE again, one by one (Lettuce's single one fails across slots); the answers make
     * the listeners re-check.
     */
    private void resubscribeAfterReconnect() {
        List<Runnable> afterwards = new ArrayList<>();
        synchronized (this) {
            if (connection == null || closed) {
                return;
            }
            unsubscribing.clear(); // their answers were lost with the old connection
            for (Channel channel : channels.values()) {
                if (channel.ready.isCompletedExceptionally()) {
                    channel.ready = new CompletableFuture<>();
                    afterwards.add(sendSubscribe(channel));
                } else if (kind == Kind.SHARDED) {
                    afterwards.add(sendSubscribe(channel));
                }
            }
        }
        afterwards.forEach(Runnable::run);
    }

    /** The server unsubscribed {@code name} (sharded: its slot left this node), unless it answers our SUNSUBSCRIBE. */
    private void unsubscribedByServer(String name) {
        Channel channel;
        synchronized (this) {
            Integer pending = unsubscribing.get(name);
            if (pending != null) {
                if (pending == 1) {
                    unsubscribing.remove(name);
                } else {
                    unsubscribing.put(name, pending - 1);
                }
                return;
            }
            channel = channels.remove(name);
        }
        if (channel != null) {
            channel.ready.completeExceptionally(new IllegalStateException("the server unsubscribed " + name));
            dropped.accept(name);
        }
    }

    /** Closes the connection; later subscriptions fail at once. */
    @Override
    public synchronized CompletableFuture<Void> close() {
        closed = true;
        channels.clear();
        if (connection == null) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.closeAsync();
    }

    /** Routes Lettuce's pub/sub events to the channels' listeners, on the I/O thread. */
    private final class Dispatcher extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String name, String message) {
            deliver(name, message);
        }

        @Override
        public void smessage(String name, String message) {
            deliver(name, message);
        }

        @Override
        public void subscribed(String name, long count) {
            confirmed(name);
        }

        @Override
        public void ssubscribed(String name, long count) {
            confirmed(name);
        }

        @Override
        public void sunsubscribed(String name, long count) {
            unsubscribedByServer(name);
        }

        private void deliver(String name, String message) {
            Channel channel = channels.get(name);
            if (channel == null) {
                return;
            }
            for (Listener listener : channel.listeners) {
                try {
                    listener.onMessage(message);
                } catch (RuntimeException e) {
                    LOG.warn("a waiter failed to handle a message on {}", name, e);
                }
            }
        }

        private void confirmed(String name) {
            Channel channel = channels.get(name);
            if (channel == null) {
                return;
            }
            channel.ready.complete(null);
            if (!channel.confirmed) {
                channel.confirmed = true;
                return;
            }
            for (Listener listener : channel.listeners) {
                try {
                    listener.onResubscribed();
                } catch (RuntimeException e) {
                    LOG.warn("a waiter failed to handle the resubscription of {}", name, e);
                }
            }
        }
    }
}
