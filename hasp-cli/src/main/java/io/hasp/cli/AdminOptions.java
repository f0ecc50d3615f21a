package io.hasp.cli;

import io.hasp.Hasp;
import io.hasp.demo.RedisDeployment;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the lock commands look: the Redis (in {@link RedisDeployment}'s forms) and the key namespace. */
final class AdminOptions {
    /**
     * Each command starts a cold JVM, whose first connect may be slow on a busy machine, and a cluster or Sentinel
     * connect takes several round trips (topology or primary first): with 5 s, {@code list --cluster} and
     * {@code list} through Sentinel timed out on a 2-core machine at load average 25-60. One command connects alone,
     * so 20 s is enough (the service's instances, started several at once beside their Redis, allow 60 s). A refused
     * connection still fails at once. Commands keep the library's default timeout.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    @Option(names = "--redis", paramLabel = "URI[,URI...]", defaultValue = "${env:REDIS_URL:-redis://localhost:6379}",
            description = {"The Redis holding the locks (env REDIS_URL): a redis:// URI, a",
                "redis-sentinel://host:port,host:port/0#master URI, Redlock's masters (3 or more), or with --cluster",
                "seed nodes of a Redis Cluster; default: ${DEFAULT-VALUE}."})
    String redis;

    @Option(names = "--cluster", defaultValue = "${env:REDIS_CLUSTER:-false}",
            description = "--redis names seed nodes of one Redis Cluster (env REDIS_CLUSTER=true).")
    boolean cluster;

    @Option(names = "--namespace", paramLabel = "PREFIX", defaultValue = "hasp:",
            description = "The key prefix of the locks; default: ${DEFAULT-VALUE}.")
    String namespace;

    /**
     * A client on that Redis; fails with a one-line HaspException when it cannot be reached, or a ConfigException
     * for a value Hasp does not accept (a Sentinel URI among Redlock's or as a cluster seed), before connecting.
     */
    Hasp connect() {
        return RedisDeployment.parse("--redis", redis, cluster).applyTo(Hasp.builder()).namespace(namespace)
                .connectTimeout(CONNECT_TIMEOUT).build();
    }
}
