package io.hasp.spring.boot;

import io.hasp.HaspArgumentException;
import io.hasp.HaspBuilder;
import io.lettuce.core.RedisURI;
import java.util.List;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * The Redis that {@code spring.data.redis.*} names, as Hasp's builder takes it: one Redis (host, port and database,
 * or the URL), a primary watched by Sentinels ({@code sentinel.master}, {@code sentinel.nodes}, with the Sentinels'
 * own user and password), or a Redis Cluster ({@code cluster.nodes} as seeds). Username and password apply to the data
 * nodes; TLS ({@code ssl.enabled}, a {@code rediss://} URL, or a named {@code ssl.bundle}, whose trust material
 * replaces the JVM's trust store) to every node. A master/replica setup fails with the setting named.
 *
 * @param uri the one Redis or the Sentinel URI; {@code null} for a cluster
 * @param clusterSeeds the cluster's seed nodes; empty otherwise
 * @param bundleName the named SSL bundle whose trust Hasp takes; {@code null} for the JVM's trust store
 * @param bundle that bundle
 */
record DataRedisTarget(RedisURI uri, List<RedisURI> clusterSeeds, String bundleName, SslBundle bundle) {

    /**
     * @param details what Boot made of {@code spring.data.redis.*} (or a service connection)
     * @param properties the raw properties, for what the details do not carry (a {@code rediss://} URL, the bundle
     *     name); {@code null} when the details come from elsewhere
     */
    static DataRedisTarget of(DataRedisConnectionDetails details, DataRedisProperties properties) {
        if (details.getMasterReplica() != null) {
            throw new InvalidConfigurationPropertyValueException("spring.data.redis.masterreplica.nodes",
                    details.getMasterReplica().getNodes(), "a master/replica setup is not supported by Hasp, which"
                            + " locks on the primary only; set hasp.redis.uris to the primary's URI, or use Sentinel");
        }
        String bundleName = bundleName(properties);
        SslBundle bundle = bundleName == null ? null : details.getSslBundle();
        if (details.getCluster() != null) {
            List<RedisURI> seeds = details.getCluster().getNodes().stream()
                    .map(node -> node(details, properties, node.host(), node.port()).build()).toList();
            return new DataRedisTarget(null, seeds, bundleName, bundle);
        }
        return new DataRedisTarget(uri(details, properties), List.of(), bundleName, bundle);
    }

    /** One Redis, or the primary the Sentinels name. */
    static RedisURI uri(DataRedisConnectionDetails details, DataRedisProperties properties) {
        DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
        if (sentinel != null) {
            RedisURI.Builder uri = credentials(details, RedisURI.builder()).withSentinelMasterId(sentinel.getMaster())
                    .withDatabase(sentinel.getDatabase()).withSsl(sslEnabled(details, properties));
            for (DataRedisConnectionDetails.Node node : sentinel.getNodes()) {
                RedisURI.Builder one = RedisURI.builder().withHost(node.host()).withPort(node.port())
                        .withSsl(sslEnabled(details, properties));
                if (sentinel.getPassword() != null) {
                    authenticate(one, sentinel.getUsername(), sentinel.getPassword());
                }
                uri.withSentinel(one.build());
            }
            return uri.build();
        }
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        return node(details, properties, standalone.getHost(), standalone.getPort())
                .withDatabase(standalone.getDatabase()).build();
    }

    /** Configures {@code builder} with this Redis and its trust; a refusal names the spring.data.redis property. */
    void applyTo(HaspBuilder builder) {
        if (bundleName != null) {
            try {
                BundleTrust.applyTo(builder, bundle);
            } catch (HaspArgumentException e) {
                throw new InvalidConfigurationPropertyValueException("spring.data.redis.ssl.bundle", bundleName,
                        e.getMessage());
            }
        }
        try {
            if (uri == null) {
                builder.cluster(clusterSeeds);
            } else {
                builder.uri(uri);
            }
        } catch (HaspArgumentException e) {
            String property = uri == null ? "spring.data.redis.cluster.nodes"
                    : uri.getSentinels().isEmpty() ? "spring.data.redis.host" : "spring.data.redis.sentinel.nodes";
            throw new InvalidConfigurationPropertyValueException(property,
                    uri == null ? clusterSeeds.stream().map(RedisURI::toString).toList() : uri.toString(),
                    e.getMessage());
        }
    }

    private static RedisURI.Builder node(DataRedisConnectionDetails details, DataRedisProperties properties,
            String host, int port) {
        return credentials(details, RedisURI.builder().withHost(host).withPort(port))
                .withSsl(sslEnabled(details, properties));
    }

    private static RedisURI.Builder credentials(DataRedisConnectionDetails details, RedisURI.Builder uri) {
        return details.getPassword() == null ? uri : authenticate(uri, details.getUsername(), details.getPassword());
    }

    private static RedisURI.Builder authenticate(RedisURI.Builder uri, String username, String password) {
        return StringUtils.hasLength(username) ? uri.withAuthentication(username, password)
                : uri.withPassword(password.toCharArray());
    }

    private static String bundleName(DataRedisProperties properties) {
        if (properties == null || !properties.getSsl().isEnabled()) {
            return null;
        }
        String name = properties.getSsl().getBundle();
        return StringUtils.hasLength(name) ? name : null;
    }

    /** As Boot's own Lettuce configuration decides it: ssl.enabled (or a bundle), or a rediss:// URL. */
    private static boolean sslEnabled(DataRedisConnectionDetails details, DataRedisProperties properties) {
        if (details.getSslBundle() != null) {
            return true;
        }
        return properties != null && properties.getUrl() != null && properties.getUrl().startsWith("rediss://");
    }
}
