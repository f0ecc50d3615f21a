package io.hasp.faults.check;

import io.hasp.faults.history.HistoryReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Checks the histories in a directory from the command line:
 * {@code java -cp ... io.hasp.faults.check.CheckMain DIR [STUCK_MARGIN_MS]}. Prints the summary table and exits 1 if
 * any violation was found, 2 on bad arguments. A program entry point; holds no state.
 */
public final class CheckMain {
    private static final long DEFAULT_MARGIN_MS = 3_000;

    private CheckMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: CheckMain HISTORY_DIR [STUCK_MARGIN_MS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Duration margin = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_MARGIN_MS);
        CheckResult result = Checker.check(HistoryReader.readDir(dir), margin);
        System.out.print(SummaryTable.render(Map.of(dir.getFileName().toString(), result)));
        System.exit(result.valid() ? 0 : 1);
    }
}
