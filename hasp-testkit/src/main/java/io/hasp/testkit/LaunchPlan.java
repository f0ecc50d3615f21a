package io.hasp.testkit;

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

    LaunchPlan(Path binary, String binaryVersion, int port, List<String> extraConfig) {
        this.binary = binary;
        this.port = port;
        this.dir = TempDirs.create("hasp-redis-" + port + "-").toAbsolutePath();
        this.logFile = dir.resolve("redis.log");
        this.outFile = dir.resolve("redis.out");
        List<String> args = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", RedisServer.HOST,
                "--dir", dir.toString(),
                "--daemonize", "no",
                "--protected-mode", "no",
                "--save", "",
                "--appendonly", "no",
                "--logfile", logFile.toString()));
        if (Versions.atLeast(binaryVersion, "7.0")) {
            // Redis 7 refuses DEBUG (SLEEP, RELOAD...) by default; tests need it. Redis 6.2 rejects the option.
            args.addAll(List.of("--enable-debug-command", "yes"));
        }
        args.addAll(extraConfig); // later options win, so callers can override any default above
        this.commandLine = List.copyOf(args);
    }
}
