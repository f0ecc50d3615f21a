package io.hasp.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Extracts the Redis 6.2 binary that the {@code com.github.codemonstur:embedded-redis} jar carries as a plain
 * resource. We use that jar only as a source of bytes, never its Java API: process control is ours.
 *
 * <p>Thread-safe, also across JVMs: the binary is written to a private temporary file in the cache folder and then
 * moved atomically onto its final name, so a reader sees either no file or a complete one. Two writers racing
 * just both produce identical files and the last rename wins.
 */
final class EmbeddedRedis {
    static final String BINARY_NAME = "redis-server";

    private EmbeddedRedis() {}

    /** The resource name for this OS and CPU, or a TestkitException naming both when the jar has none. */
    static String resourceName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux")) {
            if (x64) {
                return "redis-server-6.2.6-v5-linux-amd64";
            }
            if (arm64) {
                return "redis-server-6.2.7-linux-arm64";
            }
            if (arch.equals("x86") || arch.equals("i386") || arch.equals("i686")) {
                return "redis-server-6.2.7-linux-386";
            }
        } else if (os.contains("mac")) {
            if (x64) {
                return "redis-server-6.2.6-v5-darwin-amd64";
            }
            if (arm64) {
                return "redis-server-6.2.6-v5-darwin-arm64";
            }
        }
        throw new TestkitException("The embedded-redis jar has no redis-server for os.name=" + os + " os.arch=" + arch);
    }

    /**
     * Returns {@code cacheRoot/redis-<hash>/redis-server}, extracting it first unless a complete copy is there.
     * The hash covers the resource name and size, so a newer embedded-redis jar gets its own folder.
     */
    static Path extract(Path cacheRoot) {
        String name = resourceName();
        URL resource = EmbeddedRedis.class.getClassLoader().getResource(name);
        if (resource == null) {
            throw new TestkitException("Resource " + name + " not found: is com.github.codemonstur:embedded-redis on the"
                    + " class path?");
        }
        try {
            URLConnection connection = resource.openConnection();
            long size = connection.getContentLengthLong();
            Path dir = cacheRoot.resolve("redis-" + hash(name + ":" + size));
            Path target = dir.resolve(BINARY_NAME);
            if (Files.isExecutable(target) && Files.size(target) == size) {
                return target;
            }
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, BINARY_NAME + "-", ".part");
            try {
                try (InputStream in = connection.getInputStream()) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                makeExecutable(partial);
                moveIntoPlace(partial, target);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not extract " + name + " into " + cacheRoot, e);
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            if (!file.toFile().setExecutable(true)) {
                throw new IOException("Could not make " + file + " executable", e);
            }
        }
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
