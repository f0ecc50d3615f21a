package io.hasp.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What Boot and IDEs find in the jar: the auto-configuration imports and the generated property metadata. */
class StarterRegistrationTest {

    @Test
    void everyAutoConfigurationIsRegistered() throws IOException {
        assertThat(resource("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports").lines())
                .containsExactly(HaspAutoConfiguration.class.getName(), HaspHealthAutoConfiguration.class.getName(),
                        HaspMetricsAutoConfiguration.class.getName());
    }

    @Test
    void everyHaspPropertyHasMetadataWithItsDescriptionAndDefault() throws IOException {
        String metadata = resource("META-INF/spring-configuration-metadata.json");
        for (String name : new String[] {"hasp.namespace", "hasp.lease-time", "hasp.watchdog-lease-time",
                "hasp.renew-interval", "hasp.waiter-heartbeat", "hasp.command-timeout", "hasp.connect-timeout",
                "hasp.backoff.initial", "hasp.backoff.max", "hasp.redis.uris", "hasp.redis.node-timeout"}) {
            assertThat(metadata).contains("\"name\": \"" + name + "\"");
        }
        assertThat(metadata).contains("\"defaultValue\": \"30s\"").contains("Prefix of every key Hasp writes");
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = StarterRegistrationTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
