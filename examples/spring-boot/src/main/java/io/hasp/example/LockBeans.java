package io.hasp.example;

import io.hasp.Hasp;
import io.hasp.micrometer.HaspMetrics;
import io.hasp.shedlock.HaspLockProvider;
import io.hasp.spring.integration.HaspLockRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.LockProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lines an application writes on top of the starter, which already made the {@link Hasp} bean. */
@Configuration(proxyBeanMethods = false)
class LockBeans {

    /** Spring Integration's lock registry, in place of {@code RedisLockRegistry}: locks named {@code counter:<key>}. */
    @Bean
    HaspLockRegistry lockRegistry(Hasp hasp) {
        return new HaspLockRegistry(hasp, "counter");
    }

    /** ShedLock's provider: lock names {@code shedlock:<job>}. */
    @Bean
    LockProvider lockProvider(Hasp hasp) {
        return new HaspLockProvider(hasp);
    }

    /**
     * Replaces the starter's {@code HaspMetrics} to tag the lock meters {@code lock}: the part of the lock name
     * before its first colon ({@code counter} or {@code shedlock}; {@code other} without one), a bounded set, where
     * whole names would not be.
     */
    @Bean
    HaspMetrics haspMetrics(MeterRegistry registry) {
        return new HaspMetrics(registry, name -> {
            int colon = name.indexOf(':');
            return colon < 0 ? "other" : name.substring(0, colon);
        });
    }
}
