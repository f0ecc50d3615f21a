package io.hasp.cli;

import java.nio.file.Path;

/** How this command starts other JVMs: the same java binary and, for service instances, the same class path. */
final class JavaProcesses {
    private JavaProcesses() {
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String classPath() {
        return System.getProperty("java.class.path");
    }
}
