package io.hasp.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a {@code redis-server} binary to run, in this order:
 * <ol>
 *   <li>the path in the environment variable {@value #ENV}, if set (an unusable path is an error, not skipped);</li>
 *   <li>{@code redis-server} on the {@code PATH};</li>
 *   <li>the Redis 6.2 binary inside the {@code embedded-redis} jar, extracted once to a cache folder
 *       ({@code hasp.redis.cache} system property, else {@code ~/.cache/hasp}, else {@code java.io.tmpdir}).</li>
 * </ol>
 * Each candidate must answer {@code --version} before it is chosen.
 *
 * <p>Thread-safe: the resolved default and the versions of binaries are cached in thread-safe holders.
 */
public final class RedisBinary {
    /** Environment variable naming the redis-server to use for every server. */
    public static final String ENV = "HASP_REDIS_SERVER";
    /** Environment variable naming a Redis 8.4+ redis-server, for tests of newer commands. */
    public static final String ENV_REDIS8 = "HASP_REDIS8_SERVER";
    /** System property overriding the folder the embedded binary is extracted to. */
    public static final String CACHE_PROPERTY = "hasp.redis.cache";

    private static final Logger LOG = LoggerFactory.getLogger(RedisBinary.class);
    private static final String HOW_TO_GET_ONE = "Install Redis (for example `sudo apt-get install redis-server`, or"
            + " `brew install redis`) so redis-server is on the PATH, or set " + ENV + " to the path of a redis-server"
            + " binary.";
    private static final Map<Path, String> VERSIONS = new ConcurrentHashMap<>();
    private static final Object RESOLVE_LOCK = new Object();
    private static volatile Path resolved;

    private RedisBinary() {}

    /**
     * The default binary ({@value #ENV}, else PATH, else embedded), resolved once per JVM.
     *
     * @return the path of a redis-server that runs
     * @throws TestkitException if none can run; the message says how to install one
     */
    public static Path resolve() {
        Path path = resolved;
        if (path != null) {
            return path;
        }
        synchronized (RESOLVE_LOCK) {
            if (resolved == null) {
                resolved = resolveNow();
            }
            return resolved;
        }
    }

    /** {@return {@code redis-server} on the PATH, if there is one that answers {@code --version}} */
    public static Optional<Path> onPath() {
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, EmbeddedRedis.BINARY_NAME);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && runs(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The Redis 6.2 binary shipped in the embedded-redis jar, extracted to the cache folder unless already there.
     *
     * @return the path of the extracted binary
     * @throws TestkitException if the jar has no binary for this platform
     */
    public static Path embedded() {
        return EmbeddedRedis.extract(cacheRoot());
    }

    /**
     * {@return the binary named by {@value #ENV_REDIS8}, if it is set and names a redis-server of version 8.4 or
     * newer}
     */
    public static Optional<Path> redis8() {
        return fromEnv(ENV_REDIS8).filter(path -> runs(path) && Versions.atLeast(version(path), "8.4"));
    }

    /**
     * A binary of at least {@code minVersion}: the default one if it is new enough, else {@link #redis8()} if that is
     * new enough, else empty.
     *
     * @param minVersion the least version, such as {@code "7.0"} or {@code "8.4"}
     * @return a binary of at least that version, or empty if there is none
     */
    public static Optional<Path> atLeast(String minVersion) {
        Versions.compare(minVersion, "0"); // validates the argument
        try {
            Path standard = resolve();
            if (Versions.atLeast(version(standard), minVersion)) {
                return Optional.of(standard);
            }
        } catch (TestkitException e) {
            LOG.debug("No default redis-server: {}", e.getMessage());
        }
        return redis8().filter(path -> Versions.atLeast(version(path), minVersion));
    }

    /**
     * The version printed by {@code binary --version}, such as {@code "7.0.15"}; cached per path.
     *
     * @param binary the path of a redis-server executable
     * @return its version
     * @throws TestkitException if the binary does not run or prints something else
     */
    public static String version(Path binary) {
        return VERSIONS.computeIfAbsent(binary.toAbsolutePath().normalize(), RedisBinary::askVersion);
    }

    private static Path resolveNow() {
        Optional<Path> fromEnv = fromEnv(ENV);
        if (fromEnv.isPresent()) {
            Path path = fromEnv.get();
            if (!runs(path)) {
                throw new TestkitException(ENV + "=" + path + " is not a runnable redis-server. " + HOW_TO_GET_ONE);
            }
            LOG.info("Using redis-server {} from {}: {}", version(path), ENV, path);
            return path;
        }
        Optional<Path> onPath = onPath();
        if (onPath.isPresent()) {
            LOG.info("Using redis-server {} from PATH: {}", version(onPath.get()), onPath.get());
            return onPath.get();
        }
        try {
            Path embedded = embedded();
            if (runs(embedded)) {
                LOG.info("Using redis-server {} extracted from the embedded-redis jar: {}", version(embedded), embedded);
                return embedded;
            }
        } catch (TestkitException | UncheckedIOException e) {
            throw new TestkitException("No redis-server found: " + ENV + " is unset, none on the PATH, and the embedded"
                    + " one failed (" + e.getMessage() + "). " + HOW_TO_GET_ONE, e);
        }
        throw new TestkitException("No redis-server found: " + ENV + " is unset, none on the PATH, and the embedded one"
                + " does not run on this machine. " + HOW_TO_GET_ONE);
    }

    private static Optional<Path> fromEnv(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Paths.get(value.trim()));
    }

    private static boolean runs(Path binary) {
        try {
            version(binary);
            return true;
        } catch (TestkitException e) {
            LOG.debug("{} does not run: {}", binary, e.getMessage());
            return false;
        }
    }

    private static String askVersion(Path binary) {
        Process process;
        try {
            process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new TestkitException("Could not run " + binary + " --version: " + e.getMessage(), e);
        }
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new TestkitException(binary + " --version did not exit within 10 s");
            }
            return Versions.fromVersionOutput(new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TestkitException("Could not read the output of " + binary + " --version", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TestkitException("Interrupted while running " + binary + " --version", e);
        }
    }

    private static Path cacheRoot() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        String home = System.getProperty("user.home");
        if (home != null && !home.isBlank() && Files.isWritable(Paths.get(home))) {
            return Paths.get(home, ".cache", "hasp");
        }
        return Paths.get(System.getProperty("java.io.tmpdir"), "hasp-redis-" + System.getProperty("user.name", "user"));
    }
}
