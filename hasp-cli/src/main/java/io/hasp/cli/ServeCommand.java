package io.hasp.cli;

import io.hasp.demo.CounterService;
import io.hasp.demo.CounterServiceMain;
import io.hasp.demo.ServiceConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hasp serve}: one counter service instance in this process, on port 8080 by default, for running your own
 * load, e.g. {@code ab -n 100 -c 10 http://localhost:8080/increment}. Without {@code --redis} or {@code REDIS_URL} it
 * starts a private redis-server. Runs until Ctrl-C or SIGTERM, which stop it cleanly.
 */
@Command(name = "serve", description = {
    "Run one counter service instance until Ctrl-C (default port 8080; a private redis-server unless --redis).",
    "Flags are the service's: --port, --redis, --store, --work, --lock-wait, --lease, --instance, --threads.",
    "Try: ab -n 100 -c 10 http://localhost:8080/increment"})
final class ServeCommand implements Callable<Integer> {
    @Unmatched
    List<String> serviceArgs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String[] args = serviceArgs.toArray(String[]::new);
        PrintStream out = System.out;
        if (ServiceConfig.wantsHelp(args)) {
            out.println("hasp serve: one instance until Ctrl-C; without --redis or REDIS_URL it starts a private"
                    + " redis-server.");
            return CounterServiceMain.launch(args, System.getenv(), out, System.err, service -> { });
        }
        ServiceConfig.parse(args, System.getenv()); // bad flags fail here, before a Redis is started for nothing
        RedisTarget redis = redisGiven(args) ? null : RedisTarget.givenOrEmbedded(null);
        List<String> withRedis = new ArrayList<>(serviceArgs);
        if (redis != null) {
            withRedis.addAll(List.of("--redis", redis.uri()));
            out.println("redis: " + redis.description());
        }
        AtomicReference<CounterService> started = new AtomicReference<>();
        int code = CounterServiceMain.launch(withRedis.toArray(String[]::new), System.getenv(), out, System.err,
                service -> {
                    started.set(service);
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        service.close();
                        closeQuietly(redis);
                    }, "hasp-serve-shutdown"));
                });
        if (code != 0) {
            closeQuietly(redis);
            return code;
        }
        out.println("try: ab -n 100 -c 10 http://localhost:" + started.get().port() + "/increment   (Ctrl-C stops)");
        Thread.currentThread().join(); // serve until the JVM is told to stop; the hook shuts down cleanly
        return 0;
    }

    private static void closeQuietly(RedisTarget redis) {
        if (redis != null) {
            redis.close();
        }
    }

    private static boolean redisGiven(String[] args) {
        for (String arg : args) {
            if (arg.equals("--redis") || arg.startsWith("--redis=")) {
                return true;
            }
        }
        String env = System.getenv("REDIS_URL");
        return env != null && !env.isBlank();
    }
}
