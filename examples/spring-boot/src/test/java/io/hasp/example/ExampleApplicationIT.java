package io.hasp.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the example service, as two deployments of it would run, on one testkit Redis: the counter's
 * increments are exclusive across both and Actuator's Hasp meters count each of them; the ShedLock job runs once per
 * tick across both.
 */
@ExtendWith(RedisServerExtension.class)
class ExampleApplicationIT {
    private static final int REQUESTS = 200;
    private static final int CLIENT_THREADS = 8;
    private static final Pattern COUNT = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.]+)");

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private static RedisServer redis;

    @BeforeAll
    static void startTwoInstances(RedisServer server) {
        redis = server;
        for (int i = 0; i < 2; i++) {
            // Arguments, not builder properties: those are defaults, which application.properties overrides.
            instances.add(new SpringApplicationBuilder(ExampleApplication.class).run("--server.port=0",
                    "--server.address=127.0.0.1", "--spring.data.redis.host=" + redis.host(),
                    "--spring.data.redis.port=" + redis.port()));
        }
    }

    @AfterAll
    static void stopInstances() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void concurrentIncrementsOnTwoInstancesHandOutEveryValueOnceAndTheWaitTimerCountsEach() throws Exception {
        ConcurrentLinkedQueue<Long> values = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String base = base(i % instances.size());
                sent.add(clients.submit(() -> {
                    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base
                            + "/counter/increment")).POST(HttpRequest.BodyPublishers.noBody()));
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    values.add(Long.parseLong(response.body().trim()));
                    return null;
                }));
            }
            for (Future<?> request : sent) {
                request.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(values).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, REQUESTS).boxed().toList());
        assertThat(get(base(1) + "/counter").trim()).isEqualTo(Integer.toString(REQUESTS));
        assertThat(redis.command("GET", CounterController.COUNTER_KEY)).isEqualTo(Integer.toString(REQUESTS));

        // Each request acquired once (granted) and released once; the events reach the meters on Hasp's executor,
        // so the last of them may land just after its response.
        Timing.await("one wait and one hold sample per request", Duration.ofSeconds(10),
                () -> count("hasp.lock.wait", "lock:counter", "outcome:granted") == REQUESTS
                        && count("hasp.lock.held", "lock:counter", "outcome:released") == REQUESTS);
        assertThat(count("hasp.lock.wait", "lock:counter", "outcome:granted")).isEqualTo(REQUESTS);
        assertThat(count("hasp.lock.held", "lock:counter", "outcome:released")).isEqualTo(REQUESTS);
        assertThat(get(base(0) + "/actuator/health")).contains("\"hasp\":{\"status\":\"UP\"");
    }

    @Test
    void theScheduledJobRunsOncePerTickAcrossBothInstances() {
        long bothUp = Instant.now().getEpochSecond(); // both started in @BeforeAll
        Timing.await("three ticks of the report job with both instances up", Duration.ofSeconds(30),
                () -> runsByTick().tailMap(bothUp).size() >= 3);
        // Both instances fire at every tick; without the lock (or without lockAtLeastFor) a tick would run twice.
        NavigableMap<Long, Long> runsByTick = runsByTick().tailMap(bothUp, true);
        assertThat(runsByTick.values()).as("runs per tick %s", runsByTick).allMatch(runs -> runs == 1L);
        // A tick may also go unrun when a loaded machine delays both schedulers past it (Spring then fires at the
        // next one): liveness is only that ticks keep running, checked above.
        // Both instances scheduled it: each registered the ShedLock-wrapped job and counted its lock's acquires.
        for (int i = 0; i < instances.size(); i++) {
            int instance = i;
            Timing.await("instance " + i + " took or was refused the report lock", Duration.ofSeconds(10),
                    () -> count(instance, "hasp.lock.wait", "lock:shedlock") > 0);
        }
    }

    private static NavigableMap<Long, Long> runsByTick() {
        NavigableMap<Long, Long> runs = new TreeMap<>();
        @SuppressWarnings("unchecked")
        List<Object> fields = (List<Object>) redis.command("HGETALL", ReportJob.RUNS_KEY);
        for (int i = 0; i < fields.size(); i += 2) {
            runs.put(Long.parseLong(fields.get(i).toString()), Long.parseLong(fields.get(i + 1).toString()));
        }
        return runs;
    }

    /** A meter's count summed over both instances, as a dashboard over the service would show it. */
    private static long count(String meter, String... tags) {
        long total = 0;
        for (int i = 0; i < instances.size(); i++) {
            total += count(i, meter, tags);
        }
        return total;
    }

    /** A meter's count on one instance, read from its Actuator metrics endpoint; 0 before the meter exists. */
    private static long count(int instance, String meter, String... tags) {
        StringBuilder uri = new StringBuilder(base(instance)).append("/actuator/metrics/").append(meter);
        for (int i = 0; i < tags.length; i++) {
            uri.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(uri.toString())).GET());
        if (response.statusCode() == 404) {
            return 0;
        }
        Matcher count = COUNT.matcher(response.body());
        assertThat(count.find()).as(response.body()).isTrue();
        return (long) Double.parseDouble(count.group(1));
    }

    private static String base(int instance) {
        return "http://127.0.0.1:" + instances.get(instance).getEnvironment().getProperty("local.server.port");
    }

    private static String get(String uri) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(uri)).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Timing.scaled(Duration.ofSeconds(30))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
