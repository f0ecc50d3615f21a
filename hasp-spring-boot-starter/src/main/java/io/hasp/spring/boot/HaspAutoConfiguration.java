package io.hasp.spring.boot;

import io.hasp.Hasp;
import io.hasp.LockListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * One {@link Hasp} client for the application, unless it defines its own: on the Redis URIs of
 * {@code hasp.redis.uris} when set (several make a Redlock client), else on the Redis of {@code spring.data.redis.*}.
 * Every {@link LockListener} bean (such as hasp-micrometer's {@code HaspMetrics}) is registered on it. The client
 * connects when the context starts (a Redis that cannot be reached fails start-up) and is closed with the context.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@EnableConfigurationProperties(HaspProperties.class)
public final class HaspAutoConfiguration {
    // Declared (it is what the compiler would add) so that javadoc on JDK 18+ has a comment for it.
    /** Made by Spring Boot's auto-configuration; applications do not call it. */
    public HaspAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Hasp hasp(HaspProperties properties, ObjectProvider<DataRedisConnectionDetails> connectionDetails,
            ObjectProvider<DataRedisProperties> dataRedisProperties, ObjectProvider<LockListener> listeners,
            ResourceLoader resourceLoader) {
        LettuceCheck.requireLettuce7(resourceLoader.getClassLoader());
        HaspClientFactory factory = new HaspClientFactory(properties, listeners.orderedStream().toList());
        if (!properties.getRedis().getUris().isEmpty()) {
            return factory.connect(properties.getRedis().getUris());
        }
        DataRedisConnectionDetails details = connectionDetails.getIfAvailable();
        if (details == null) {
            throw new IllegalStateException("Hasp has no Redis to connect to: set hasp.redis.uris, or"
                    + " spring.data.redis.* with Spring Data Redis on the class path");
        }
        return factory.connect(DataRedisTarget.of(details, dataRedisProperties.getIfAvailable()));
    }
}
