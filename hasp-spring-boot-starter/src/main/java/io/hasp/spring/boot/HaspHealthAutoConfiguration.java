package io.hasp.spring.boot;

import io.hasp.Hasp;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code hasp} health indicator, when Actuator's health support is present and a {@link Hasp} bean exists; on a
 * Redlock client from {@code hasp.redis.uris}, with a line per server.
 */
@AutoConfiguration(after = HaspAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Hasp.class)
@ConditionalOnEnabledHealthIndicator("hasp")
public final class HaspHealthAutoConfiguration {
    // Declared (it is what the compiler would add) so that javadoc on JDK 18+ has a comment for it.
    /** Made by Spring Boot's auto-configuration; applications do not call it. */
    public HaspHealthAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = "haspHealthIndicator")
    HaspHealthIndicator haspHealthIndicator(Hasp hasp, HaspProperties properties) {
        // Three or more URIs made the auto-configured client a Redlock one: each server gets its own line.
        List<String> uris = properties.getRedis().getUris();
        return new HaspHealthIndicator(hasp, uris.size() < 3 ? null
                : new RedlockNodeProbes(uris, properties.getNamespace(), properties.getConnectTimeout(),
                        properties.getCommandTimeout()));
    }
}
