package io.hasp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code hasp bench ...}: runs the benchmark jar built by the hasp-bench module, passing the arguments through. */
@Command(name = "bench",
        description = "Run the benchmarks (hasp-bench/target/hasp-bench.jar); arguments pass through.")
final class BenchCommand implements Callable<Integer> {
    /** Where the project was checked out; the launcher sets it, else the current directory. */
    static final String HOME_PROPERTY = "hasp.home";

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty(HOME_PROPERTY, System.getProperty("user.dir")));
        Path jar = home.resolve("hasp-bench").resolve("target").resolve("hasp-bench.jar");
        if (!Files.isRegularFile(jar)) {
            throw new CliException("the benchmark jar " + jar + " is missing; build it with"
                    + " 'mvn -B -DskipTests package' in " + home + " (./hasp builds it too when sources change)");
        }
        List<String> command = new ArrayList<>(List.of(JavaProcesses.javaBinary(), "-jar", jar.toString()));
        command.addAll(args);
        Process bench = new ProcessBuilder(command).inheritIO().start();
        try {
            return bench.waitFor();
        } finally {
            bench.destroy();
        }
    }
}
