package io.hasp.spring.boot;

import io.lettuce.core.RedisURI;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.util.StringUtils;

/**
 * The Redis that {@code spring.data.redis.*} names, as the one URI Hasp connects to: host, port and database (or
 * the URL), username and password, and TLS ({@code ssl.enabled} or a {@code rediss://} URL) with the JVM's trust
 * store. Shapes Hasp cannot take from there yet fail with the setting named.
 */
final class DataRedisTarget {

    private DataRedisTarget() {
    }

    /**
     * @param details what Boot made of {@code spring.data.redis.*} (or a service connection)
     * @param properties the raw properties, for what the details do not carry (a {@code rediss://} URL, the bundle
     *     name); {@code null} when the details come from elsewhere
     */
    static RedisURI uri(DataRedisConnectionDetails details, DataRedisProperties properties) {
        refuseUnsupported(details, properties);
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        RedisURI.Builder uri = RedisURI.builder().withHost(standalone.getHost()).withPort(standalone.getPort())
                .withDatabase(standalone.getDatabase()).withSsl(sslEnabled(details, properties));
        String password = details.getPassword();
        if (password != null) {
            String username = details.getUsername();
            if (StringUtils.hasLength(username)) {
                uri.withAuthentication(username, password);
            } else {
                uri.withPassword(password.toCharArray());
            }
        }
        return uri.build();
    }

    private static void refuseUnsupported(DataRedisConnectionDetails details, DataRedisProperties properties) {
        if (details.getSentinel() != null) {
            throw unsupported("spring.data.redis.sentinel.master", details.getSentinel().getMaster(),
                    "Redis Sentinel is not supported by this Hasp version");
        }
        if (details.getCluster() != null) {
            throw unsupported("spring.data.redis.cluster.nodes", details.getCluster().getNodes(),
                    "Redis Cluster is not supported by this Hasp version");
        }
        if (details.getMasterReplica() != null) {
            throw unsupported("spring.data.redis.masterreplica.nodes", details.getMasterReplica().getNodes(),
                    "a master/replica setup is not supported by Hasp, which locks on the primary only");
        }
        if (properties != null && properties.getSsl().isEnabled()
                && StringUtils.hasLength(properties.getSsl().getBundle())) {
            throw unsupported("spring.data.redis.ssl.bundle", properties.getSsl().getBundle(),
                    "Hasp cannot take an SSL bundle yet; it uses TLS with the JVM's trust store when "
                            + "spring.data.redis.ssl.enabled=true and no bundle is named");
        }
    }

    private static InvalidConfigurationPropertyValueException unsupported(String property, Object value,
            String reason) {
        return new InvalidConfigurationPropertyValueException(property, value,
                reason + "; set hasp.redis.uris to the Redis URI(s) Hasp should lock on");
    }

    /** As Boot's own Lettuce configuration decides it: ssl.enabled, or a rediss:// URL. */
    private static boolean sslEnabled(DataRedisConnectionDetails details, DataRedisProperties properties) {
        if (details.getSslBundle() != null) {
            return true;
        }
        return properties != null && properties.getUrl() != null && properties.getUrl().startsWith("rediss://");
    }
}
