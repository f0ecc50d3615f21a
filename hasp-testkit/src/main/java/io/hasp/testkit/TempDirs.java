package io.hasp.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Creates and deletes the private working directories of servers. Stateless and thread-safe. */
final class TempDirs {
    private TempDirs() {}

    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory", e);
        }
    }

    /** Deletes {@code dir} and everything below it; quietly does nothing if it is already gone. */
    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(TempDirs::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            // A file vanished while we walked (a server still shutting down): the remaining entries are best effort.
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            // best effort: a leftover file in the temp folder is not worth failing a test for
        }
    }
}
