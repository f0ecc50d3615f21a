package io.hasp.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code hasp faults ...}: runs the fault suite built by the hasp-faults module ({@code io.hasp.faults.FaultRun} on
 * its jar and {@code target/lib}), passing the arguments through: the short run without them, the long one with
 * {@code --duration}. Its exit code is the run's: 1 on a violation, 2 on bad arguments.
 */
@Command(name = "faults", description = {"Run the fault suite (docs/faults.md): the short run, or the long one with"
    + " --duration 10m; arguments pass through (--seed, --variants, --broken, --out, ...)."})
final class FaultsCommand implements Callable<Integer> {
    static final String MAIN_CLASS = "io.hasp.faults.FaultRun";

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path target = JavaProcesses.home().resolve("hasp-faults").resolve("target");
        Path lib = target.resolve("lib");
        Optional<Path> jar = moduleJar(target);
        if (jar.isEmpty() || !Files.isDirectory(lib)) {
            throw JavaProcesses.missing("the fault suite's jar or its lib folder in", target);
        }
        // The java launcher expands "lib/*"; FaultRun starts its workers on the class path it was given.
        List<String> command = new ArrayList<>(List.of(JavaProcesses.javaBinary(), "-cp",
                jar.get() + File.pathSeparator + lib.resolve("*"), MAIN_CLASS));
        command.addAll(args);
        return JavaProcesses.runInForeground(command);
    }

    /** {@code hasp-faults-VERSION.jar}, not its sources, javadoc or tests jar. */
    private static Optional<Path> moduleJar(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("hasp-faults") && name.endsWith(".jar") && !name.endsWith("-sources.jar")
                        && !name.endsWith("-javadoc.jar") && !name.endsWith("-tests.jar");
            }).findFirst();
        }
    }
}
