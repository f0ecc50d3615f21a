package io.hasp.spring.boot;

import io.hasp.Hasp;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code hasp} health indicator, when Actuator's health support is present and a {@link Hasp} bean exists. */
@AutoConfiguration(after = HaspAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Hasp.class)
@ConditionalOnEnabledHealthIndicator("hasp")
public final class HaspHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "haspHealthIndicator")
    HaspHealthIndicator haspHealthIndicator(Hasp hasp) {
        return new HaspHealthIndicator(hasp);
    }
}
