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
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path jar = JavaProcesses.home().resolve("hasp-bench").resolve("target").resolve("hasp-bench.jar");
        if (!Files.isRegularFile(jar)) {
            throw JavaProcesses.missing("the benchmark jar", jar);
        }
        List<String> command = new ArrayList<>(List.of(JavaProcesses.javaBinary(), "-jar", jar.toString()));
        command.addAll(args);
        return JavaProcesses.runInForeground(command);
    }
}
