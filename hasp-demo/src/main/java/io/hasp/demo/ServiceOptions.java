package io.hasp.demo;

import io.hasp.HaspArgumentException;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The counter service's flags: the one flag model of the service, a picocli mixin parsed like every {@code hasp}
 * command. {@code hasp serve} and the service's own {@code main} ({@link CounterServiceMain}) mix it in as it is. A
 * flag not given falls back to its environment variable ({@link Environment}), then to its default here. {@link #config()}
 * checks what the parser cannot and makes the immutable {@link ServiceConfig}. Mutable only while picocli fills it.
 */
public final class ServiceOptions {
    /** The help text's footer wherever these flags are offered. */
    public static final String FOOTER_VARIABLES = "Each flag may come from the environment variable in brackets"
            + " (--lock-wait: LOCK_WAIT, --lease: LEASE); a flag wins.";
    public static final String FOOTER_DURATIONS = "Durations read 100ms, 2s, 1.5s, 1m.";
    /** The article's work inside the lock. */
    public static final String DEFAULT_WORK = "100ms";
    static final Duration MAX_WORK = Duration.ofMinutes(1);
    private static final int MAX_THREADS = 1_000;

    /** Each flag and the environment variable that stands for it when the flag is absent. */
    private static final Map<String, String> VARIABLES = Map.of("--port", "PORT", "--bind", "BIND",
            "--redis", "REDIS_URL", "--cluster", "REDIS_CLUSTER", "--store", "STORE_URL", "--work", "WORK",
            "--lock-wait", "LOCK_WAIT", "--lease", "LEASE", "--instance", "INSTANCE", "--threads", "THREADS");

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "HTTP port, 0 for any free one [PORT]; default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "",
            description = "Address to listen on, e.g. 0.0.0.0 for all [BIND]; default: loopback (127.0.0.1 and ::1).")
    String bind;

    @Option(names = "--redis", paramLabel = "URI[,URI...]", defaultValue = "redis://localhost:6379",
            description = "Redis holding the lock: a redis:// URI, a redis-sentinel://host:port,host:port/0#master"
                    + " URI, or 3 or more (an odd number) for Redlock [REDIS_URL]; default: ${DEFAULT-VALUE}.")
    String redis;

    @Option(names = "--cluster", defaultValue = "false",
            description = "--redis names seed nodes of one Redis Cluster, not a Redlock [REDIS_CLUSTER=true].")
    boolean cluster;

    @Option(names = "--store", paramLabel = "URI",
            description = "Redis holding the counter [STORE_URL]; default: the first --redis (with --cluster: the"
                    + " cluster).")
    String store;

    @Option(names = "--work", paramLabel = "DURATION", defaultValue = DEFAULT_WORK,
            converter = Durations.Converter.class,
            description = "Simulated work inside the lock [WORK]; default: ${DEFAULT-VALUE}.")
    Duration work;

    @Mixin
    LockFlags lock;

    @Option(names = "--instance", paramLabel = "NAME", defaultValue = "",
            description = "Name in replies [INSTANCE]; default: instance-PORT.")
    String instance;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "64",
            description = "Requests served at once [THREADS]; default: ${DEFAULT-VALUE}.")
    int threads;

    /**
     * Parses the service's flags, the environment {@code env} standing in for flags not given.
     *
     * @throws CommandLine.ParameterException for an unknown flag or a value of the wrong form
     * @throws ConfigException for a value out of range, naming the flag and the value
     */
    public static ServiceConfig parse(String[] args, Map<String, String> env) {
        CounterServiceMain main = new CounterServiceMain();
        new CommandLine(main).setDefaultValueProvider(new Environment(env)).parseArgs(args);
        return main.options.config();
    }

    /** Makes the service use {@code uris} as its lock Redis, as if {@code --redis} had said so. */
    public ServiceOptions useRedis(String uris) {
        this.redis = uris;
        return this;
    }

    /** Checks what the parser cannot (ranges, URIs, the lease) and makes the configuration. */
    public ServiceConfig config() {
        if (port < 0 || port > 65_535) {
            throw new ConfigException("--port must be from 0 to 65535, got " + port);
        }
        RedisDeployment lockRedis = RedisDeployment.parse("--redis", redis, cluster);
        RedisDeployment storeRedis = store == null || store.isBlank() ? storeOf(lockRedis) : store(store.trim());
        checkWork(work);
        lock.check();
        try {
            LockOptions.builder().leaseTime(lock.lease()).build();
        } catch (HaspArgumentException e) {
            throw new ConfigException("--lease: " + e.getMessage());
        }
        if (instance.length() > 64 || !instance.matches("[A-Za-z0-9._:-]*")) {
            throw new ConfigException("--instance must be up to 64 letters, digits or . _ : -, got '"
                    + Printable.text(instance) + "'");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new ConfigException("--threads must be from 1 to " + MAX_THREADS + ", got " + threads);
        }
        return new ServiceConfig(port, bind.trim(), lockRedis, storeRedis, work, lock.lockWait(), lock.lease(),
                instance, threads);
    }

    /** @throws ConfigException if the work is longer than the service allows */
    public static Duration checkWork(Duration work) {
        if (work.compareTo(MAX_WORK) > 0) {
            throw new ConfigException("--work must be at most " + Durations.format(MAX_WORK) + ", got "
                    + Durations.format(work));
        }
        return work;
    }

    /**
     * The URIs of a comma-separated list (one Redis, a Sentinel URI, or Redlock's masters), checked with the
     * library's own builder, so the service accepts exactly what Hasp accepts.
     *
     * @throws ConfigException naming the flag, with any password in the message redacted
     */
    public static List<String> redisUris(String flag, String text) {
        return RedisDeployment.parse(flag, text, false).uris();
    }

    /** {@code --store}: one Redis or a Sentinel URI. */
    private static RedisDeployment store(String text) {
        RedisDeployment given = RedisDeployment.parse("--store", text, false);
        if (given.uris().size() > 1) {
            throw new ConfigException("--store must name one Redis, got " + given.uris().size() + " URIs");
        }
        return given;
    }

    /** The counter's default home: the lock's cluster, else its first (or only) Redis. */
    private static RedisDeployment storeOf(RedisDeployment lockRedis) {
        return lockRedis.cluster() ? lockRedis : RedisDeployment.parse("--store", lockRedis.uris().get(0), false);
    }

    /**
     * Defaults from the environment: a flag's variable when it is set and not blank, else the flag's own default.
     * {@code hasp serve} uses the process environment; tests hand in a map.
     */
    public static final class Environment implements IDefaultValueProvider {
        private final Map<String, String> env;

        /** The process environment; picocli makes one this way for {@code hasp serve}. */
        public Environment() {
            this(System.getenv());
        }

        public Environment(Map<String, String> env) {
            this.env = Map.copyOf(env);
        }

        @Override
        public String defaultValue(ArgSpec argSpec) {
            if (!(argSpec instanceof OptionSpec option)) {
                return null;
            }
            String variable = VARIABLES.get(option.longestName());
            String value = variable == null ? null : env.get(variable);
            return value == null || value.isBlank() ? null : value;
        }
    }
}
