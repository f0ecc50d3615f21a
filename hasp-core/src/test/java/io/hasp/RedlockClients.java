package io.hasp;

import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Redlock clients for tests. The per-node timeout is generous by default: these tests share a small machine with
 * other builds, and a stall there must cost a retry, not a spurious "node down". Tests of the timeout set their own.
 */
final class RedlockClients {
    static final Duration NODE_TIMEOUT = Timing.scaled(Duration.ofMillis(250));

    private RedlockClients() {
    }

    static Hasp connect(RedisNodes nodes) {
        return connect(nodes, b -> b);
    }

    static Hasp connect(RedisNodes nodes, UnaryOperator<RedlockOptions.Builder> options) {
        return builder(nodes, options).build();
    }

    static HaspBuilder builder(RedisNodes nodes, UnaryOperator<RedlockOptions.Builder> options) {
        return Hasp.builder().uris(nodes.uris().toArray(new String[0]))
                .redlock(options.apply(RedlockOptions.builder().nodeTimeout(NODE_TIMEOUT)).build());
    }
}
