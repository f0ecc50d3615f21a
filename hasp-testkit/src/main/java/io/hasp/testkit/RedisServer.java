package io.hasp.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} child process on a loopback port, for tests, demos and benchmarks.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *   connectTo(redis.uri());          // "redis://127.0.0.1:PORT"
 *   redis.pause();                   // SIGSTOP: the server stops answering, connections stay open
 *   redis.resume();
 *   redis.restart();                 // same port, same dir: data survives if appendonly is on
 * }
 * }</pre>
 *
 * <p>By default the server persists nothing ({@code save ""}, {@code appendonly no}), serves a replica's full sync
 * at once ({@code repl-diskless-sync-delay 0}), binds 127.0.0.1 only, and works in a private temporary directory
 * that also holds its log file; {@link #close()} deletes it. The binary comes from {@link RedisBinary#resolve()}
 * unless {@link Builder#binary(Path)} names one.
 *
 * <p><b>Design note (thread safety).</b> Thread-safe. The immutable facts (binary, port, dir, command line) are final
 * fields. The current child process, its run id and the paused flag are volatile, so getters never block; every
 * lifecycle change ({@code stop, kill, pause, resume, restart, close}) runs under one private lock, so two threads
 * cannot, say, restart and kill at once and leave an orphan. {@link #command(String...)} takes no lock: it opens its
 * own short connection, so a test can talk to the server while another thread pauses it. A JVM shutdown hook
 * ({@link ChildReaper}) kills every child still registered, so no redis-server outlives the JVM.
 */
public final class RedisServer implements AutoCloseable {
    /** The only address servers bind to. */
    public static final String HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
    private static final int AUTO_PORT_ATTEMPTS = 5;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Object lock = new Object();
    private final Path binary;
    private final int port;
    private final Path dir;
    private final Path logFile;
    private final Path outFile;
    private final List<String> commandLine;
    private final Duration startTimeout;

    private volatile Process process;
    private volatile String version;
    private volatile String runId;
    private volatile boolean paused;
    private volatile boolean closed;

    private RedisServer(LaunchPlan launch, Process process, Duration startTimeout) {
        this.binary = launch.binary;
        this.port = launch.port;
        this.dir = launch.dir;
        this.logFile = launch.logFile;
        this.outFile = launch.outFile;
        this.commandLine = launch.commandLine;
        this.startTimeout = startTimeout;
        this.process = process;
    }

    /**
     * Starts a server with the defaults: a free port, no persistence, the resolved binary.
     *
     * @return the running server, answering PING; close it when done
     * @throws TestkitException if no binary is found or the server does not start
     */
    public static RedisServer start() {
        return builder().start();
    }

    /** {@return a builder for a server with options; the builder is not thread-safe, the server it starts is} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return {@code "redis://127.0.0.1:PORT"}} */
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    /** {@return always {@value #HOST}} */
    public String host() {
        return HOST;
    }

    /** {@return the port; it stays the same across {@link #restart()}} */
    public int port() {
        return port;
    }

    /** {@return the pid of the current (or last) redis-server process} */
    public long pid() {
        return process.pid();
    }

    /** {@return the redis-server binary this server runs} */
    public Path binary() {
        return binary;
    }

    /** {@return the {@code redis_version} the running server reports, e.g. {@code "7.0.15"}} */
    public String version() {
        return version;
    }

    /** {@return the {@code run_id} from {@code INFO server}; it changes on every restart} */
    public String runId() {
        return runId;
    }

    /** {@return the server's private working directory (AOF, RDB, cluster config, log); deleted by {@link #close()}} */
    public Path dir() {
        return dir;
    }

    /** {@return the file redis-server writes its log to} */
    public Path logFile() {
        return logFile;
    }

    /** {@return true while the process is alive, including while it is paused} */
    public boolean isRunning() {
        Process current = process;
        return current.isAlive();
    }

    /** {@return true between {@link #pause()} and {@link #resume()} (or a stop, kill or restart)} */
    public boolean isPaused() {
        return paused && isRunning();
    }

    /**
     * Runs one command on a fresh connection (timeout 10 s, scaled by {@link Timing}) and returns the reply.
     *
     * @param args the command and its arguments, e.g. {@code "SET", "k", "v"}
     * @return the reply, typed as {@link RespClient#command(String...)} describes
     * @throws RedisReplyException if Redis answered with an error
     * @throws TestkitException if the connection fails or the reply does not come in time
     * @see RespClient#command(String...)
     */
    public Object command(String... args) {
        try (RespClient client = client()) {
            return client.command(args);
        }
    }

    /**
     * {@return a new connection to this server with a read timeout of 10 s scaled by {@link Timing}} The caller
     * closes it.
     */
    public RespClient client() {
        return client(Timing.scaled(COMMAND_TIMEOUT));
    }

    /**
     * A new connection to this server with the given connect and read timeout; the caller closes it.
     *
     * @param timeout the connect timeout and the read timeout of every command
     * @return an open connection
     * @throws TestkitException if the connection cannot be made
     */
    public RespClient client(Duration timeout) {
        return RespClient.connect(HOST, port, timeout);
    }

    /**
     * Stops gracefully: SIGTERM (after SIGCONT if paused), then waits; escalates to SIGKILL after 10 s (scaled). With
     * {@code appendonly yes} the AOF is flushed; with configured {@code save} points Redis writes its RDB. No-op if
     * not running.
     */
    public void stop() {
        synchronized (lock) {
            Process current = process;
            if (current.isAlive()) {
                if (paused) {
                    ServerProcesses.signal(current.pid(), "CONT");
                }
                current.destroy();
                if (!ServerProcesses.awaitExit(current, Timing.scaled(STOP_TIMEOUT))) {
                    LOG.warn("redis-server pid {} on port {} ignored SIGTERM; killing it", current.pid(), port);
                    current.destroyForcibly();
                    ServerProcesses.awaitExit(current, Timing.scaled(STOP_TIMEOUT));
                }
                LOG.info("Stopped redis-server pid {} on port {}", current.pid(), port);
            }
            paused = false;
            ChildReaper.unregister(current);
        }
    }

    /** Kills the process with SIGKILL, like a crash or power loss, and waits until it is gone. No-op if not running. */
    public void kill() {
        synchronized (lock) {
            Process current = process;
            if (current.isAlive()) {
                current.destroyForcibly();
                if (!ServerProcesses.awaitExit(current, Timing.scaled(STOP_TIMEOUT))) {
                    throw new TestkitException("redis-server pid " + current.pid() + " survived SIGKILL");
                }
                LOG.info("Killed redis-server pid {} on port {}", current.pid(), port);
            }
            paused = false;
            ChildReaper.unregister(current);
        }
    }

    /**
     * Freezes the process with SIGSTOP: connections stay open and writes are accepted by the kernel, but nothing is
     * answered until {@link #resume()} — like a long GC pause or a stalled VM.
     *
     * @throws IllegalStateException if the server is not running
     */
    public void pause() {
        synchronized (lock) {
            requireRunning("pause");
            ServerProcesses.signal(process.pid(), "STOP");
            paused = true;
            LOG.info("Paused redis-server pid {} on port {}", process.pid(), port);
        }
    }

    /**
     * Continues a paused process with SIGCONT.
     *
     * @throws IllegalStateException if the server is not running
     */
    public void resume() {
        synchronized (lock) {
            requireRunning("resume");
            ServerProcesses.signal(process.pid(), "CONT");
            paused = false;
            LOG.info("Resumed redis-server pid {} on port {}", process.pid(), port);
        }
    }

    /**
     * Stops the server if it runs ({@link #stop()}), then starts it again on the same port with the same directory and
     * configuration, and waits until it answers PING. Without persistence the data is gone afterwards; with
     * {@code appendonly yes} it is reloaded.
     *
     * @throws IllegalStateException if the server was closed
     * @throws TestkitException if it does not come back, e.g. because another process took the port meanwhile
     */
    public void restart() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("Cannot restart a closed RedisServer on port " + port);
            }
            stop();
            Process next = ServerProcesses.launch(commandLine, dir, outFile);
            ChildReaper.register(next, dir);
            try {
                ServerProcesses.awaitPong(next, port, startTimeout, logFile, outFile);
            } catch (TestkitException e) {
                next.destroyForcibly();
                ServerProcesses.awaitExit(next, Timing.scaled(STOP_TIMEOUT));
                ChildReaper.unregister(next);
                throw new TestkitException("Restart of redis-server on port " + port + " failed: " + e.getMessage(), e);
            }
            process = next;
            readServerInfo();
            LOG.info("Restarted redis-server {} on {} (pid {})", version, uri(), next.pid());
        }
    }

    /** Kills the process if alive and deletes the directory; idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                kill();
            } finally {
                TempDirs.deleteRecursively(dir);
            }
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + uri() + ", pid " + process.pid() + (isRunning() ? "" : ", stopped")
                + (paused ? ", paused" : "") + "]";
    }

    private void requireRunning(String action) {
        if (!process.isAlive()) {
            throw new IllegalStateException("Cannot " + action + " redis-server on port " + port + ": it is not running");
        }
    }

    private void readServerInfo() {
        String info = (String) command("INFO", "server");
        version = infoField(info, "redis_version");
        runId = infoField(info, "run_id");
    }

    static String infoField(String info, String field) {
        String prefix = field + ":";
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
        throw new TestkitException("INFO has no field " + field);
    }

    private static RedisServer start(Builder options) {
        Path binary = options.binary != null ? options.binary : RedisBinary.resolve();
        String binaryVersion = RedisBinary.version(binary);
        int attempts = options.port == 0 ? AUTO_PORT_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            int port = options.port != 0 ? options.port : options.portPicker.getAsInt();
            LaunchPlan launch = new LaunchPlan(binary, binaryVersion, port, options.config, options.sentinelConfig);
            Process process = ServerProcesses.launch(launch.commandLine, launch.dir, launch.outFile);
            ChildReaper.register(process, launch.dir);
            try {
                ServerProcesses.awaitPong(process, port, options.startTimeout, launch.logFile, launch.outFile);
            } catch (ServerProcesses.StartFailure e) {
                process.destroyForcibly();
                ServerProcesses.awaitExit(process, Timing.scaled(STOP_TIMEOUT));
                ChildReaper.unregister(process);
                TempDirs.deleteRecursively(launch.dir);
                if (e.addressInUse && attempt < attempts) {
                    LOG.info("Port {} was taken meanwhile; trying another one", port);
                    continue;
                }
                throw new TestkitException("Could not start " + binary + " (" + binaryVersion + "): " + e.getMessage(), e);
            }
            RedisServer server = new RedisServer(launch, process, options.startTimeout);
            try {
                server.readServerInfo();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            LOG.info("Started redis-server {} on {} (pid {}, binary {}, dir {})", server.version, server.uri(),
                    process.pid(), binary, launch.dir);
            return server;
        }
    }

    /**
     * Options for one server. Each setter validates its argument at once. Not thread-safe; build on one thread.
     */
    public static final class Builder {
        private int port;
        private Path binary;
        private final List<String> config = new ArrayList<>();
        private Duration startTimeout = Timing.scaled(Duration.ofSeconds(20));
        private IntSupplier portPicker = FreePorts::any;
        private List<String> sentinelConfig;

        private Builder() {}

        /**
         * A fixed port, or a free loopback port (the default), retried if it gets taken before the server binds it.
         *
         * @param port a port in 1..65535, or 0 for a free one
         * @return this builder
         * @throws IllegalArgumentException if {@code port} is outside 0..65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 (any free port) or in 1..65535 but was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The redis-server binary to run instead of {@link RedisBinary#resolve()}. It is run with {@code --version}
         * at once, so a bad path fails here.
         *
         * @param binary the path of a redis-server executable
         * @return this builder
         * @throws NullPointerException if {@code binary} is null
         * @throws TestkitException if it is not a runnable redis-server
         */
        public Builder binary(Path binary) {
            Objects.requireNonNull(binary, "binary");
            RedisBinary.version(binary); // fails now, naming the path, if it is not a runnable redis-server
            this.binary = binary;
            return this;
        }

        /**
         * Adds a configuration directive passed as {@code --name value...}, after (so overriding) the defaults. Either
         * {@code config("appendonly", "yes")} or {@code config("appendfsync always")}.
         *
         * @param name the directive, or the whole directive and its values separated by spaces
         * @param values the directive's values; none when {@code name} holds them
         * @return this builder
         * @throws NullPointerException if {@code name} or a value is null
         * @throws IllegalArgumentException if there is no directive or no value
         */
        public Builder config(String name, String... values) {
            Objects.requireNonNull(name, "name");
            List<String> words = new ArrayList<>();
            if (values.length == 0) {
                words.addAll(Arrays.asList(name.strip().split("\\s+")));
            } else {
                words.add(name.strip());
                for (String value : values) {
                    words.add(Objects.requireNonNull(value, "config value of " + name));
                }
            }
            String directive = words.get(0).replaceFirst("^--", "");
            if (directive.isEmpty() || words.size() < 2) {
                throw new IllegalArgumentException("config needs a directive and a value but got '" + name + "' "
                        + Arrays.toString(values));
            }
            config.add("--" + directive);
            config.addAll(words.subList(1, words.size()));
            return this;
        }

        /**
         * How long to wait for PING after launching.
         *
         * @param timeout the start timeout; default 20 s scaled by {@link Timing}
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is not positive
         */
        public Builder startTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive but was " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Runs a Sentinel ({@code redis-server sentinel.conf --sentinel}) instead of a data node, with these lines
         * (e.g. {@code "sentinel monitor mymaster 127.0.0.1 6380 2"}) as its config file. See {@link RedisSentinels}.
         *
         * @param configLines the Sentinel's config file, one directive a line; copied
         * @return this builder
         * @throws NullPointerException if {@code configLines} is null
         * @throws IllegalArgumentException if {@code configLines} is empty
         */
        public Builder sentinel(List<String> configLines) {
            Objects.requireNonNull(configLines, "configLines");
            if (configLines.isEmpty()) {
                throw new IllegalArgumentException("a sentinel needs at least its 'sentinel monitor' line");
            }
            this.sentinelConfig = List.copyOf(configLines);
            return this;
        }

        /** How free ports are chosen when none is fixed; cluster nodes also need {@code port + 10000} free. */
        Builder portPicker(IntSupplier picker) {
            this.portPicker = Objects.requireNonNull(picker, "picker");
            return this;
        }

        /**
         * Starts the server and waits until it answers PING.
         *
         * @return the running server; close it when done
         * @throws TestkitException if it does not start; the message includes the tail of its log
         */
        public RedisServer start() {
            return RedisServer.start(this);
        }
    }
}
