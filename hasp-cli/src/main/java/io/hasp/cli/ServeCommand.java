package io.hasp.cli;

import io.hasp.demo.ConfigException;
import io.hasp.demo.CounterService;
import io.hasp.demo.CounterServiceMain;
import io.hasp.demo.ServiceConfig;
import io.hasp.demo.ServiceOptions;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hasp serve}: one counter service instance in this process, on port 8080 by default, for running your own
 * load, e.g. {@code ab -n 100 -c 10 http://localhost:8080/increment}. Its flags are the service's own
 * ({@link ServiceOptions}), parsed once, here: {@code --redis} takes one Redis, a Sentinel URI, Redlock's URIs or,
 * with {@code --cluster}, a cluster's seeds. Without {@code --redis} or {@code REDIS_URL} it starts a private
 * redis-server. Runs until Ctrl-C or SIGTERM, which stop it cleanly.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = ServiceOptions.Environment.class,
        description = {"Run one counter service instance until Ctrl-C (default port 8080, on loopback; a private"
            + " redis-server unless --redis or REDIS_URL).", "Try: ab -n 100 -c 10 http://localhost:8080/increment"},
        footer = {ServiceOptions.FOOTER_VARIABLES, ServiceOptions.FOOTER_DURATIONS})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions service;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        ServiceConfig config = service.config(); // bad values fail here, before a Redis is started for nothing
        if (config.redis().cluster() && !redisGiven()) {
            throw new ConfigException("--cluster needs --redis (or REDIS_URL) naming the cluster's seed nodes; serve"
                    + " starts a private redis-server only without --cluster");
        }
        RedisTarget redis = redisGiven() ? null : RedisTarget.givenOrEmbedded(null);
        if (redis != null) {
            config = service.useRedis(redis.uri()).config();
            out.println("redis: " + redis.description());
        }
        AtomicReference<CounterService> started = new AtomicReference<>();
        int code = CounterServiceMain.start(config, out, System.err, service -> {
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

    /** Whether {@code --redis} or its variable named a Redis; else a private one is started. */
    private boolean redisGiven() {
        if (spec.commandLine().getParseResult().hasMatchedOption("--redis")) {
            return true;
        }
        String env = System.getenv("REDIS_URL");
        return env != null && !env.isBlank();
    }
}
