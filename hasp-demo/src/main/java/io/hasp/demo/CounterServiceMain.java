package io.hasp.demo;

import io.hasp.HaspArgumentException;
import io.hasp.HaspException;
import io.lettuce.core.RedisException;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs one counter service instance until SIGTERM or Ctrl-C, which stop it cleanly (see {@link CounterService}).
 * Exit codes: 0 after a clean stop, 1 if Redis cannot be reached, 2 for bad configuration (one line on stderr).
 */
public final class CounterServiceMain {
    /** Printed once the instance serves; {@code hasp demo} reads the port from this line of the instance's log. */
    public static final String LISTENING = "listening on port ";

    private CounterServiceMain() {
    }

    public static void main(String[] args) {
        int code = launch(args, System.getenv(), System.out, System.err, service -> Runtime.getRuntime()
                .addShutdownHook(new Thread(service::close, "hasp-demo-shutdown")));
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Parses the configuration and starts an instance, handing it to {@code onStarted}.
     *
     * @return 0 if the instance started (or help was printed), else the exit code after a one-line message on
     *     {@code err}
     */
    public static int launch(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
            Consumer<CounterService> onStarted) {
        if (ServiceConfig.wantsHelp(args)) {
            out.println(ServiceConfig.usage());
            return 0;
        }
        try {
            ServiceConfig config = ServiceConfig.parse(args, env);
            CounterService service = CounterService.start(config);
            onStarted.accept(service);
            out.println("hasp-demo instance " + service.instance() + " " + LISTENING + service.port()
                    + " (lock redis " + String.join(",", config.redisUris()) + ", store " + config.storeUri()
                    + ", work " + Durations.format(config.work()) + ", lock wait " + Durations.format(config.lockWait())
                    + ", lease " + Durations.format(config.lease()) + ")");
            out.flush();
            return 0;
        } catch (ConfigException | HaspArgumentException e) {
            err.println("hasp-demo: " + oneLine(e.getMessage()));
            return ConfigException.EXIT_CODE;
        } catch (HaspException | RedisException e) {
            err.println("hasp-demo: cannot start: " + oneLine(e.getMessage()));
            return 1;
        }
    }

    private static String oneLine(String message) {
        // A message may list one line per cause (a Redlock connect names each node): keep them all, on one line.
        return message == null ? "unknown error" : message.lines().map(String::strip).collect(Collectors.joining("; "));
    }
}
