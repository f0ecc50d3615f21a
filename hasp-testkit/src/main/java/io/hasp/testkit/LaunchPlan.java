package io.hasp.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed facts of one server: its binary, port, private directory, log files and command line. Immutable and
 * thread-safe; a restart reuses the same plan so the server comes back on the same port with the same data.
 */
final class LaunchPlan {
    final Path binary;
    final int port;
    final Path dir;
    final Path logFile;
    final Path outFile;
    final List<String> commandLine;

    /**
     * The plan for a server, or with {@code sentinelConfig} non-null a Sentinel: those lines go to a
     * {@code sentinel.conf} in the server's directory (Sentinel insists on a config file it can rewrite, and reads its
     * state back from it on restart), named first on the command line and followed by {@code --sentinel}.
     */
    LaunchPlan(Path binary, String binaryVersion, int port, List<String> extraConfig, List<String> sentinelConfig) {
        this.binary = binary;
        this.port = port;
        this.dir = TempDirs.create("hasp-redis-" + port + "-").toAbsolutePath();
        this.logFile = dir.resolve("redis.log");
        this.outFile = dir.resolve("redis.out");
        List<String> args = new ArrayList<>(List.of(binary.toString()));
        if (sentinelConfig != null) {
            Path config = dir.resolve("sentinel.conf");
            try {
                Files.write(config, sentinelConfig);
            } catch (IOException e) {
                throw new TestkitException("Could not write " + config, e);
            }
            args.addAll(List.of(config.toString(), "--sentinel"));
        }
        args.addAll(List.of(
                "--port", Integer.toString(port),
                "--bind", RedisServer.HOST,
                "--dir", dir.toString(),
                "--daemonize", "no",
                "--protected-mode", "no",
                "--save", "",
                "--appendonly", "no",
                // A replica's full sync starts at once instead of after Redis 7's default 5 s, which waits for more
                // replicas to share one transfer: every replicated group and every rejoining node paid it.
                "--repl-diskless-sync-delay", "0",
                "--logfile", logFile.toString()));
        if (Versions.atLeast(binaryVersion, "7.0")) {
            // Redis 7 refuses DEBUG (SLEEP, RELOAD...) by default; tests need it. Redis 6.2 rejects the option.
            args.addAll(List.of("--enable-debug-command", "yes"));
        }
        args.addAll(extraConfig); // later options win, so callers can override any default above
        this.commandLine = List.copyOf(args);
    }
}
