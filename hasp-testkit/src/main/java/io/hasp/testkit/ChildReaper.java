package io.hasp.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure no redis-server child outlives the JVM, even when a test forgets {@code close()} or the JVM exits on
 * Ctrl-C: one shutdown hook kills every registered process and deletes its directory.
 *
 * <p>Thread-safe: the registry is a concurrent map; the hook is installed once under the class lock.
 */
final class ChildReaper {
    private static final Map<Process, Path> CHILDREN = new ConcurrentHashMap<>();
    private static boolean hookInstalled;

    private ChildReaper() {}

    static void register(Process process, Path dir) {
        installHook();
        CHILDREN.put(process, dir);
    }

    static void unregister(Process process) {
        CHILDREN.remove(process);
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        Thread hook = new Thread(ChildReaper::reapAll, "hasp-testkit-reaper");
        Runtime.getRuntime().addShutdownHook(hook);
        hookInstalled = true;
    }

    private static void reapAll() {
        CHILDREN.keySet().forEach(Process::destroyForcibly);
        for (Map.Entry<Process, Path> child : CHILDREN.entrySet()) {
            try {
                child.getKey().waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            TempDirs.deleteRecursively(child.getValue());
        }
    }
}
