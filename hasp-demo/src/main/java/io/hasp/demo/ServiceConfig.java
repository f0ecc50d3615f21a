package io.hasp.demo;

import io.hasp.Hasp;
import io.hasp.HaspArgumentException;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counter service's settings, from flags and environment variables (a flag wins over its variable). Immutable.
 *
 * @param port the HTTP port; 0 picks a free one
 * @param bind the address to listen on; empty for loopback (127.0.0.1 and ::1)
 * @param redisUris the Redis (or, several, the Redlock nodes) holding the lock
 * @param storeUri the Redis holding the counter; default the first of {@code redisUris}
 * @param work how long the critical section pretends to work, between reading and writing the counter
 * @param lockWait how long a request waits for the lock before answering 409
 * @param lease the lock's lease time
 * @param instance the name this instance answers with
 * @param threads the most requests served at once
 */
public record ServiceConfig(int port, String bind, List<String> redisUris, String storeUri, Duration work, Duration lockWait,
        Duration lease, String instance, int threads) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_REDIS = "redis://localhost:6379";
    public static final Duration DEFAULT_WORK = Duration.ofMillis(100);
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);
    public static final int DEFAULT_THREADS = 64;
    private static final Duration MAX_WORK = Duration.ofMinutes(1);
    private static final Duration MAX_LOCK_WAIT = Duration.ofHours(1);
    private static final int MAX_THREADS = 1_000;

    /** Each flag and the environment variable that stands for it when the flag is absent. */
    private static final Map<String, String> FLAGS = flags();

    private static Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--port", "PORT");
        flags.put("--bind", "BIND");
        flags.put("--redis", "REDIS_URL");
        flags.put("--store", "STORE_URL");
        flags.put("--work", "WORK");
        flags.put("--lock-wait", "LOCK_WAIT");
        flags.put("--lease", "LEASE");
        flags.put("--instance", "INSTANCE");
        flags.put("--threads", "THREADS");
        return flags;
    }

    public ServiceConfig {
        redisUris = List.copyOf(redisUris);
    }

    /** Whether the arguments ask for the usage text instead of a service. */
    public static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads flags ({@code --name value} or {@code --name=value}) and, for flags not given, the environment.
     *
     * @throws ConfigException with a one-line message naming the flag and the bad value
     */
    public static ServiceConfig parse(String[] args, Map<String, String> env) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!FLAGS.containsKey(name)) {
                throw new ConfigException(arg.startsWith("-") ? "unknown flag '" + name + "' (try --help)"
                        : "unexpected argument '" + arg + "' (try --help)");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new ConfigException(name + " needs a value");
                }
                value = args[++i];
            }
            given.put(name, value);
        }
        for (Map.Entry<String, String> flag : FLAGS.entrySet()) {
            String fromEnv = env.get(flag.getValue());
            if (!given.containsKey(flag.getKey()) && fromEnv != null && !fromEnv.isBlank()) {
                given.put(flag.getKey(), fromEnv);
            }
        }
        return fromValues(given);
    }

    private static ServiceConfig fromValues(Map<String, String> given) {
        int port = integer("--port", given.getOrDefault("--port", Integer.toString(DEFAULT_PORT)), 0, 65_535);
        String bind = given.getOrDefault("--bind", "").trim();
        List<String> redis = uris("--redis", given.getOrDefault("--redis", DEFAULT_REDIS));
        String store = given.containsKey("--store") ? single("--store", given.get("--store")) : redis.get(0);
        Duration work = atMost("--work", duration("--work", given, DEFAULT_WORK), MAX_WORK);
        Duration lockWait = atMost("--lock-wait", duration("--lock-wait", given, DEFAULT_LOCK_WAIT), MAX_LOCK_WAIT);
        Duration lease = lease(duration("--lease", given, DEFAULT_LEASE), given.get("--lease"));
        String instance = given.getOrDefault("--instance", "");
        if (instance.length() > 64 || !instance.matches("[A-Za-z0-9._:-]*")) {
            throw new ConfigException("--instance must be up to 64 letters, digits or . _ : -, got '" + instance + "'");
        }
        int threads = integer("--threads", given.getOrDefault("--threads", Integer.toString(DEFAULT_THREADS)), 1,
                MAX_THREADS);
        return new ServiceConfig(port, bind, redis, store, work, lockWait, lease, instance, threads);
    }

    private static int integer(String flag, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new ConfigException(flag + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
    }

    private static List<String> uris(String flag, String text) {
        List<String> uris = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            uris.add(single(flag, part.trim()));
        }
        return uris;
    }

    /** Checks a Redis URI with the library's own parser, so the service accepts exactly what Hasp accepts. */
    private static String single(String flag, String uri) {
        try {
            Hasp.builder().uri(uri);
            return uri;
        } catch (HaspArgumentException e) {
            throw new ConfigException(flag + ": " + Printable.redact(e.getMessage()));
        }
    }

    private static Duration duration(String flag, Map<String, String> given, Duration fallback) {
        String text = given.get(flag);
        return text == null ? fallback : Durations.parse(flag, text);
    }

    private static Duration atMost(String flag, Duration value, Duration max) {
        if (value.compareTo(max) > 0) {
            throw new ConfigException(flag + " must be at most " + Durations.format(max) + ", got "
                    + Durations.format(value));
        }
        return value;
    }

    /** The library's own check, but a too short lease is reported in the units the user wrote. */
    private static Duration lease(Duration lease, String text) {
        if (lease.compareTo(LockOptions.MIN_LEASE_TIME) < 0) {
            throw new ConfigException("--lease must be at least " + Durations.format(LockOptions.MIN_LEASE_TIME)
                    + ", got " + (text == null ? Durations.format(lease) : text.trim()));
        }
        try {
            return LockOptions.builder().leaseTime(lease).build().leaseTime();
        } catch (HaspArgumentException e) {
            throw new ConfigException("--lease: " + e.getMessage());
        }
    }

    /** The name this instance answers with: {@code --instance}, else one made from the port it listens on. */
    public String instanceName(int boundPort) {
        return instance.isEmpty() ? "instance-" + boundPort : instance;
    }

    /** The flags, their variables and defaults, for {@code --help}. */
    public static String usage() {
        return String.join(System.lineSeparator(),
                "hasp-demo: the counter service. Flags (or environment variables):",
                "  --port N          (PORT)       HTTP port, 0 for any free one; default " + DEFAULT_PORT,
                "  --bind ADDRESS    (BIND)       address to listen on, e.g. 0.0.0.0 for all; default loopback",
                "  --redis URI[,URI] (REDIS_URL)  Redis holding the lock; several URIs mean Redlock; default "
                        + DEFAULT_REDIS,
                "  --store URI       (STORE_URL)  Redis holding the counter; default the first --redis",
                "  --work D          (WORK)       simulated work inside the lock; default "
                        + Durations.format(DEFAULT_WORK),
                "  --lock-wait D     (LOCK_WAIT)  how long a request waits for the lock; default "
                        + Durations.format(DEFAULT_LOCK_WAIT),
                "  --lease D         (LEASE)      the lock's lease time; default " + Durations.format(DEFAULT_LEASE),
                "  --instance NAME   (INSTANCE)   name in responses; default instance-PORT",
                "  --threads N       (THREADS)    requests served at once; default " + DEFAULT_THREADS,
                "Durations: 100ms, 2s, 1.5s, 1m. Endpoints: /increment[?unsafe=true], /counter, /health, /metrics.");
    }
}
