package io.hasp.demo;

import io.hasp.HaspArgumentException;
import io.hasp.HaspException;
import io.lettuce.core.RedisException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Runs one counter service instance until SIGTERM or Ctrl-C, which stop it cleanly (see {@link CounterService}).
 * Exit codes: 0 after a clean stop, 1 if Redis cannot be reached, 2 for bad configuration (one line on stderr).
 */
@Command(name = "hasp-demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The counter service: /increment[?unsafe=true], /counter, /health, /metrics.",
        footer = {ServiceOptions.FOOTER_VARIABLES, ServiceOptions.FOOTER_DURATIONS})
public final class CounterServiceMain {
    /** Printed once the instance serves; {@code hasp demo} reads the port from this line of the instance's log. */
    public static final String LISTENING = "listening on port ";

    @Mixin
    ServiceOptions options;

    CounterServiceMain() {
    }

    public static void main(String[] args) {
        int code = launch(args, System.getenv(), System.out, System.err, service -> Runtime.getRuntime()
                .addShutdownHook(new Thread(service::close, "hasp-demo-shutdown")));
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Parses the flags (the environment {@code env} standing in for flags not given) and starts an instance.
     *
     * @return 0 if the instance started (or help was printed), else the exit code after a one-line message on
     *     {@code err}
     */
    public static int launch(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
            Consumer<CounterService> onStarted) {
        CounterServiceMain main = new CounterServiceMain();
        CommandLine cli = new CommandLine(main).setDefaultValueProvider(new ServiceOptions.Environment(env));
        cli.setOut(new PrintWriter(out, true));
        ServiceConfig config;
        try {
            if (CommandLine.executeHelpRequest(cli.parseArgs(args)) != null) {
                return 0;
            }
            config = main.options.config();
        } catch (CommandLine.ParameterException e) {
            err.println("hasp-demo: " + Printable.text(e.getMessage()) + " (try --help)");
            return ConfigException.EXIT_CODE;
        } catch (ConfigException e) {
            err.println("hasp-demo: " + Printable.text(e.getMessage()));
            return ConfigException.EXIT_CODE;
        }
        return start(config, out, err, onStarted);
    }

    /**
     * Starts an instance with a checked configuration, hands it to {@code onStarted} and prints the start-up line
     * (URIs redacted).
     *
     * @return 0 if the instance started, else the exit code after a one-line message on {@code err}
     */
    public static int start(ServiceConfig config, PrintStream out, PrintStream err,
            Consumer<CounterService> onStarted) {
        try {
            CounterService service = CounterService.start(config);
            onStarted.accept(service);
            out.println("hasp-demo instance " + service.instance() + " " + LISTENING + service.port() + " on "
                    + (config.bind().isEmpty() ? "loopback" : config.bind()) + " (lock redis "
                    + Printable.text(config.redis().describe()) + ", store "
                    + Printable.text(config.store().describe()) + ", work " + Durations.format(config.work())
                    + ", lock wait " + Durations.format(config.lockWait()) + ", lease "
                    + Durations.format(config.lease()) + ")");
            out.flush();
            return 0;
        } catch (ConfigException | HaspArgumentException e) {
            err.println("hasp-demo: " + Printable.text(oneLine(e.getMessage())));
            return ConfigException.EXIT_CODE;
        } catch (HaspException | RedisException e) {
            err.println("hasp-demo: cannot start: " + Printable.text(oneLine(e.getMessage())));
            return 1;
        }
    }

    private static String oneLine(String message) {
        // A message may list one line per cause (a Redlock connect names each node): keep them all, on one line.
        return message == null ? "unknown error" : message.lines().map(String::strip).collect(Collectors.joining("; "));
    }
}
