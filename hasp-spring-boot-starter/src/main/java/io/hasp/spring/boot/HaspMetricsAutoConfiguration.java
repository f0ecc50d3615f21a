package io.hasp.spring.boot;

import io.hasp.micrometer.HaspMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link HaspMetrics} on the application's {@link MeterRegistry}, when hasp-micrometer is on the class path; the
 * auto-configured client registers it as it does every {@link io.hasp.LockListener} bean. Lock names are not tags;
 * define your own {@code HaspMetrics} bean (with a tag function) and this one backs off.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({HaspMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
public final class HaspMetricsAutoConfiguration {
    // Declared (it is what the compiler would add) so that javadoc on JDK 18+ has a comment for it.
    /** Made by Spring Boot's auto-configuration; applications do not call it. */
    public HaspMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    HaspMetrics haspMetrics(MeterRegistry registry) {
        return new HaspMetrics(registry);
    }
}
