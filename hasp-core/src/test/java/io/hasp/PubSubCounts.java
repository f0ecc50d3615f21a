package io.hasp;

import io.hasp.testkit.RedisServer;
import java.util.List;

/** How many clients a node says are subscribed to a channel, by classic and by sharded pub/sub. */
final class PubSubCounts {
    private PubSubCounts() {
    }

    /** {@code PUBSUB NUMSUB}: classic subscribers on {@code node}. */
    static long classic(RedisServer node, String channel) {
        return (Long) ((List<?>) node.command("PUBSUB", "NUMSUB", channel)).get(1);
    }

    /** {@code PUBSUB SHARDNUMSUB} (Redis 7+): sharded subscribers on {@code node}. */
    static long sharded(RedisServer node, String channel) {
        return (Long) ((List<?>) node.command("PUBSUB", "SHARDNUMSUB", channel)).get(1);
    }
}
