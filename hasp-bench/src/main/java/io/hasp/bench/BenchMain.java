package io.hasp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar hasp-bench.jar [options]}: runs the suite, prints the Markdown report to standard output (progress
 * goes to standard error), optionally writes JSON. Exit code 0 when every implementation completed its cycles with
 * mutual exclusion intact, 1 when some did not, 2 for a bad command line. Missed targets do not change the exit code:
 * they are findings, printed in the report.
 *
 * <p>Not instantiable; {@link #main} runs once per JVM.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("hasp-bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        System.exit(run(options));
    }

    private static int run(BenchOptions options) {
        long start = System.nanoTime();
        try {
            Report report = new Suite(options, step -> System.err.printf("[%4ds] %s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), step)).run();
            System.out.print(TextReport.render(report));
            if (options.jsonFile() != null) {
                Files.writeString(options.jsonFile(), Json.write(report.toJsonTree()));
                System.err.println("wrote " + options.jsonFile());
            }
            List<String> problems = report.problems();
            System.err.printf("done in %d s%s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                    problems.isEmpty() ? "" : ", with " + problems.size() + " problem(s)");
            return problems.isEmpty() ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("hasp-bench: interrupted");
            return 1;
        } catch (IOException e) {
            System.err.println("hasp-bench: cannot write the JSON report: " + e.getMessage());
            return 1;
        }
    }
}
