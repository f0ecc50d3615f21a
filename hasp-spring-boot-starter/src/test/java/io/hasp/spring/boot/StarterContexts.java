package io.hasp.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The context runner every starter test uses: Boot's data-redis configuration beside the starter's own. */
final class StarterContexts {

    private StarterContexts() {
    }

    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                HaspAutoConfiguration.class, HaspHealthAutoConfiguration.class, HaspMetricsAutoConfiguration.class));
    }

    /**
     * The starter alone, for settings that never reach spring.data.redis: Boot's Redis client (whose shutdown takes
     * its time) is not started for nothing.
     */
    static ApplicationContextRunner haspOnlyRunner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HaspAutoConfiguration.class,
                HaspHealthAutoConfiguration.class));
    }

    /** The property refusal somewhere in the cause chain of a start-up failure. */
    static InvalidConfigurationPropertyValueException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationPropertyValueException refused) {
                return refused;
            }
        }
        throw new AssertionError("no InvalidConfigurationPropertyValueException in the cause chain", failure);
    }

    /** Every message in the cause chain, joined: what a start-up log would show. */
    static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        assertThat(all).isNotEmpty();
        return all.toString();
    }
}
