package io.hasp.faults.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFilesTest {

    @Test
    void everyFileOfADirectoryIsMergedAndATornLastLineIsCounted(@TempDir Path dir) throws IOException {
        try (HistoryWriter w1 = HistoryWriter.open(dir.resolve("w1.1.tsv"));
                HistoryWriter w2 = HistoryWriter.open(dir.resolve("w2.1.tsv"))) {
            w1.log(Event.of("w1.1", -1, Op.START, Type.OK).build());
            w2.log(Event.of("w2.1", -1, Op.START, Type.OK).build());
            w1.log(Event.of("w1.1", 0, Op.ACQUIRE, Type.INVOKE).build());
        }
        // a worker killed in the middle of a line
        Files.writeString(dir.resolve("w2.1.tsv"), "w2.1\t0\tacq", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("w2.1.stderr"), "not a history", StandardCharsets.UTF_8);

        History history = HistoryReader.readDir(dir);

        assertThat(history.events()).extracting(Event::process, Event::op)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("w1.1", Op.START),
                        org.assertj.core.groups.Tuple.tuple("w1.1", Op.ACQUIRE),
                        org.assertj.core.groups.Tuple.tuple("w2.1", Op.START));
        assertThat(history.tornLines()).isEqualTo(1);
    }

    @Test
    void reopeningAFileAppendsWithoutASecondHeader(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nemesis.tsv");
        try (HistoryWriter writer = HistoryWriter.open(file)) {
            writer.log(Event.of("nemesis", 1, Op.FAULT, Type.INVOKE).detail("kill-worker w1.1").build());
        }
        try (HistoryWriter writer = HistoryWriter.open(file)) {
            writer.log(Event.of("nemesis", 1, Op.FAULT, Type.OK).build());
        }

        assertThat(Files.readAllLines(file)).hasSize(3).filteredOn(l -> l.startsWith("#")).hasSize(1);
    }
}
