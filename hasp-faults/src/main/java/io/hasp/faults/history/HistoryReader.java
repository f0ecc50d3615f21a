package io.hasp.faults.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads and merges the history files of one run. Stateless and thread-safe. */
public final class HistoryReader {
    /** History files end with this. */
    public static final String SUFFIX = ".tsv";

    private HistoryReader() {
    }

    /**
     * Every event of every {@value #SUFFIX} file in {@code dir}, each file's events in file order, files concatenated.
     * The checker orders events itself: per thread by file order, across processes by {@link Event#nanos()}.
     */
    public static History readDir(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list history directory " + dir, e);
        }
        List<Event> events = new ArrayList<>();
        int torn = 0;
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read history file " + file, e);
            }
            for (String line : lines) {
                var event = EventFormat.parse(line);
                if (event.isPresent()) {
                    events.add(event.get());
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    torn++;
                }
            }
        }
        return new History(events, torn);
    }
}
