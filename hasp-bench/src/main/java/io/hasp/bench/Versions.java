package io.hasp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of the implementations this build of the benchmark uses, as Maven recorded them. */
final class Versions {
    private static final Properties VERSIONS = load();

    private Versions() {
    }

    static String hasp() {
        return VERSIONS.getProperty("hasp", "?");
    }

    static String redisson() {
        return VERSIONS.getProperty("redisson", "?");
    }

    static String springIntegration() {
        return VERSIONS.getProperty("spring-integration", "?");
    }

    static String lettuce() {
        return VERSIONS.getProperty("lettuce", "?");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read versions.properties", e);
        }
        return properties;
    }
}
