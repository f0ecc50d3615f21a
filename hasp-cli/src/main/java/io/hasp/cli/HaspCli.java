package io.hasp.cli;

import io.hasp.HaspArgumentException;
import io.hasp.HaspException;
import io.hasp.demo.ConfigException;
import io.hasp.demo.Printable;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hasp} command. Everything a command prints that came from the user, from Redis or from an exception goes
 * through {@link Printable#text}: URIs redacted, control characters escaped. Exit codes: 0 success, 1 failure (Redis unreachable, demo not exact, refused), 2 usage
 * error (unknown flag, bad value).
 */
@Command(name = "hasp", mixinStandardHelpOptions = true, version = "hasp 0.1.0-SNAPSHOT",
        description = "Distributed locks on Redis: run the demo, serve the counter service, look at locks.",
        subcommands = {DemoCommand.class, ServeCommand.class, InspectCommand.class, ListCommand.class,
            ForceReleaseCommand.class, BenchCommand.class, FaultsCommand.class})
public final class HaspCli implements Runnable {
    static final int FAILED = 1;
    static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (without exiting). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with its output going to {@code out} and {@code err}; for tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new HaspCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(HaspCli::usageError);
        cli.setExecutionExceptionHandler((e, line, parsed) -> failure(e, line));
        return cli.execute(args);
    }

    /** No subcommand: show what there is. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        err.println("hasp: " + Printable.text(e.getMessage()) + " (try '" + line.getCommandSpec().qualifiedName() + " --help')");
        return USAGE;
    }

    /** Expected failures get one line; anything else is a bug, and gets its stack trace. */
    private static int failure(Exception e, CommandLine line) throws Exception {
        PrintWriter err = line.getErr();
        if (e instanceof ConfigException || e instanceof HaspArgumentException) {
            err.println("hasp: " + Printable.text(e.getMessage()));
            return USAGE;
        }
        if (e instanceof HaspException || e instanceof CliException) {
            err.println("hasp: " + Printable.text(e.getMessage()));
            return FAILED;
        }
        throw e;
    }
}
