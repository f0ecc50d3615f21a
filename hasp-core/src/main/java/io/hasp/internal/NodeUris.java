package io.hasp.internal;

import io.hasp.HaspArgumentException;
import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the list of Redis servers a client is given: one Redis (or one Sentinel URI), an odd number (3+) of Redlock
 * masters, or the seed nodes of a Redis Cluster.
 */
public final class NodeUris {
    private NodeUris() {
    }

    /**
     * Checks the seed nodes of a Redis Cluster: at least one, each a {@code redis://} or {@code rediss://} node, none
     * named twice.
     *
     * @throws HaspArgumentException for no seed, a Sentinel URI, or a seed named twice
     */
    public static List<RedisURI> checkClusterSeeds(List<RedisURI> seeds) {
        if (seeds.isEmpty()) {
            throw new HaspArgumentException("cluster needs at least one seed node URI, got none");
        }
        Set<String> seen = new HashSet<>();
        for (RedisURI seed : seeds) {
            Arguments.notNull("each of the cluster seeds", seed);
            if (!seed.getSentinels().isEmpty()) {
                throw new HaspArgumentException("cluster seeds must be redis:// or rediss:// nodes of the cluster, got a"
                        + " Sentinel URI (master '" + seed.getSentinelMasterId() + "'); pass a redis-sentinel:// URI to"
                        + " uri(...) instead");
            }
            String where = seed.getHost() + ":" + seed.getPort();
            if (!seen.add(where)) {
                throw new HaspArgumentException("cluster names the seed " + where + " twice");
            }
        }
        return List.copyOf(seeds);
    }

    /** Parses each URI string; fails naming the first bad one. */
    public static List<RedisURI> parse(String... uris) {
        if (uris == null) {
            throw new HaspArgumentException("uris must not be null");
        }
        List<RedisURI> parsed = new ArrayList<>(uris.length);
        for (String uri : uris) {
            parsed.add(Arguments.parseUri(uri));
        }
        return parsed;
    }

    /**
     * Accepts one server, or an odd number of at least 3 distinct ones, and explains any other count.
     *
     * @throws HaspArgumentException for 0, 2 or an even number of servers, or a server named twice
     */
    public static List<RedisURI> check(List<RedisURI> uris) {
        int n = uris.size();
        if (n == 0) {
            throw new HaspArgumentException("uris must name at least one Redis, got none");
        }
        for (RedisURI uri : n > 1 ? uris : List.<RedisURI>of()) {
            if (uri != null && !uri.getSentinels().isEmpty()) { // a null is refused below, by name
                throw new HaspArgumentException("uris names " + n + " servers, one of them Sentinels (master '"
                        + uri.getSentinelMasterId() + "'), but a lock over several servers (Redlock) needs independent"
                        + " redis:// masters; to use a Sentinel-watched primary, pass its redis-sentinel:// URI alone");
            }
        }
        if (n == 2) {
            throw new HaspArgumentException("uris names 2 Redis servers, but a lock over several servers (Redlock)"
                    + " needs an odd number of at least 3: a majority of 2 is both, so losing either server would stop"
                    + " every lock; use 1 or 3");
        }
        if (n % 2 == 0) {
            throw new HaspArgumentException("uris names " + n + " Redis servers, but a lock over several servers"
                    + " (Redlock) needs an odd number: a majority of " + n + " is " + (n / 2 + 1) + ", so it survives"
                    + " no more failures than " + (n - 1) + " servers do while adding one more that can fail; use "
                    + (n - 1) + " or " + (n + 1));
        }
        Set<String> seen = new HashSet<>();
        for (RedisURI uri : uris) {
            Arguments.notNull("each of uris", uri);
            String where = uri.getHost() + ":" + uri.getPort();
            if (!seen.add(where)) {
                throw new HaspArgumentException("uris names " + where + " twice; Redlock needs independent servers");
            }
        }
        return List.copyOf(uris);
    }
}
