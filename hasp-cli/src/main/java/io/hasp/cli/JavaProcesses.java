package io.hasp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How this command starts other JVMs: the same java binary; for service instances the same class path; for the
 * modules built beside it (bench, faults), their jars under the project's home.
 */
final class JavaProcesses {
    /** Where the project was checked out; the launcher sets it, else the current directory. */
    static final String HOME_PROPERTY = "hasp.home";

    private JavaProcesses() {
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String classPath() {
        return System.getProperty("java.class.path");
    }

    static Path home() {
        return Path.of(System.getProperty(HOME_PROPERTY, System.getProperty("user.dir")));
    }

    /** The exception for a module jar that is not built yet, saying how to build it. */
    static CliException missing(String what, Path jar) {
        return new CliException(what + " " + jar + " is missing; build it with 'mvn -B -DskipTests package' in "
                + home() + " (./hasp builds it too when sources change)");
    }

    /** Runs {@code command} with this process's terminal and returns its exit code. */
    static int runInForeground(List<String> command) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command).inheritIO().start();
        try {
            return child.waitFor();
        } finally {
            child.destroy();
        }
    }
}
