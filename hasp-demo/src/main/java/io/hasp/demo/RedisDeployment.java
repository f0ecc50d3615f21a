package io.hasp.demo;

import io.hasp.Hasp;
import io.hasp.HaspArgumentException;
import io.hasp.HaspBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Redis a {@code --redis} value names, read the one way the service and every {@code hasp} command read it:
 * <ul>
 *   <li>one {@code redis://} or {@code rediss://} URI: one Redis;</li>
 *   <li>a {@code redis-sentinel://s1:26379,s2:26379/0#mymaster} URI: a primary watched by Sentinels (the commas
 *       between its Sentinels belong to it);</li>
 *   <li>several URIs separated by commas: independent masters for Redlock (an odd number, 3 or more);</li>
 *   <li>with {@code --cluster}: the seed nodes of one Redis Cluster, one or more {@code redis://} URIs.</li>
 * </ul>
 * The forms map one to one onto {@code Hasp.builder().uris(...)} and {@code Hasp.builder().cluster(...)}, and are
 * checked by that builder, so exactly what Hasp accepts is accepted (a Sentinel URI among Redlock's URIs or as a
 * cluster seed is refused) before anything connects. Immutable.
 */
public final class RedisDeployment {
    private final List<String> uris;
    private final boolean cluster;

    private RedisDeployment(List<String> uris, boolean cluster) {
        this.uris = List.copyOf(uris);
        this.cluster = cluster;
    }

    /**
     * Reads {@code text}, the value of {@code flag}; {@code cluster} says it lists a cluster's seed nodes.
     *
     * @throws ConfigException naming the flag and the problem, any password in the message redacted
     */
    public static RedisDeployment parse(String flag, String text, boolean cluster) {
        RedisDeployment deployment = new RedisDeployment(split(text), cluster);
        try {
            deployment.applyTo(Hasp.builder());
        } catch (HaspArgumentException e) {
            throw new ConfigException(flag + ": " + Printable.redact(e.getMessage()));
        }
        return deployment;
    }

    /**
     * The URIs of a comma-separated list; a part without a scheme right after a Sentinel URI is one more Sentinel of
     * that URI, not a URI of its own.
     */
    static List<String> split(String text) {
        List<String> uris = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String trimmed = part.trim();
            int last = uris.size() - 1;
            if (last >= 0 && !trimmed.contains("://") && isSentinel(uris.get(last))) {
                uris.set(last, uris.get(last) + "," + trimmed);
            } else {
                uris.add(trimmed);
            }
        }
        return uris;
    }

    private static boolean isSentinel(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        return lower.startsWith("redis-sentinel://") || lower.startsWith("rediss-sentinel://");
    }

    /** Sets {@code builder} to this deployment ({@code cluster(seeds)} or {@code uris(...)}) and returns it. */
    public HaspBuilder applyTo(HaspBuilder builder) {
        String[] all = uris.toArray(String[]::new);
        return cluster ? builder.cluster(all) : builder.uris(all);
    }

    /** The URIs as given: one Redis or Sentinel URI, Redlock's masters, or the cluster's seeds. */
    public List<String> uris() {
        return uris;
    }

    /** Whether the URIs are the seeds of a Redis Cluster. */
    public boolean cluster() {
        return cluster;
    }

    /** One line for people, not yet made fit to print (pass it through {@link Printable#text}). */
    public String describe() {
        return (cluster ? "Redis Cluster seeded by " : "") + String.join(",", uris);
    }
}
