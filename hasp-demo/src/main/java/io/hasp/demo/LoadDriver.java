package io.hasp.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Sends a {@link LoadPlan} to counter service instances with the JDK's {@link HttpClient} and reports what came back:
 * successes, errors, lost updates, duplicate values, throughput and latency.
 *
 * <p>Design note. {@code concurrency} platform threads each take the next request index from one atomic counter
 * until the plan is used up, so exactly {@code concurrency} requests are in flight. Each index owns its slot in the
 * result arrays, written by one thread only and read after all threads are joined (join gives the happens-before),
 * so the arrays need no locking. Thread-safe: one driver may run several plans at once.
 */
public final class LoadDriver {
    private static final Pattern COUNTER = Pattern.compile("\"counter\"\\s*:\\s*(-?\\d+)");
    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"");
    private static final long NO_VALUE = Long.MIN_VALUE;

    /** Told after each completed request; called from the driver's threads. */
    @FunctionalInterface
    public interface Progress {
        void completed(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    private final HttpClient client;

    public LoadDriver() {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // the JDK server speaks HTTP/1.1 only; skip the h2c upgrade
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Reads the counter from an instance's {@code /counter}. */
    public long readCounter(URI instance) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(instance.resolve("/counter"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = COUNTER.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IOException(instance + "/counter answered " + response.statusCode() + ": " + response.body());
        }
        return Long.parseLong(m.group(1));
    }

    /** Runs the plan and reports; the counter is read from the first instance before and after. */
    public LoadReport run(LoadPlan plan, Progress progress) throws IOException, InterruptedException {
        long before = readCounter(plan.instances().get(0));
        long[] values = new long[plan.requests()];
        long[] latencies = new long[plan.requests()];
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Thread[] workers = new Thread[Math.min(plan.concurrency(), plan.requests())];
        long started = System.nanoTime();
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < plan.requests(); i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    values[i] = send(plan, i, errors);
                    latencies[i] = System.nanoTime() - sent;
                    progress.completed(done.incrementAndGet(), plan.requests());
                }
            }, "hasp-load-" + w);
            workers[w].start();
        }
        try {
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException e) {
            for (Thread worker : workers) {
                worker.interrupt();
            }
            throw e;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long after = readCounter(plan.instances().get(0));
        return report(plan, values, latencies, errors, before, after, elapsed);
    }

    /** One request: the counter value it was given, or {@link #NO_VALUE} after counting the error by kind. */
    private long send(LoadPlan plan, int index, Map<String, Integer> errors) {
        HttpRequest request = HttpRequest.newBuilder(plan.target(index)).timeout(plan.requestTimeout()).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher counter = COUNTER.matcher(response.body());
            if (response.statusCode() == 200 && counter.find()) {
                return Long.parseLong(counter.group(1));
            }
            Matcher error = ERROR.matcher(response.body());
            errors.merge(response.statusCode() + (error.find() ? " " + error.group(1) : ""), 1, Integer::sum);
        } catch (HttpTimeoutException e) {
            errors.merge("request timeout", 1, Integer::sum);
        } catch (IOException e) {
            errors.merge("io error: " + e.getClass().getSimpleName(), 1, Integer::sum);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.merge("interrupted", 1, Integer::sum);
        }
        return NO_VALUE;
    }

    private static LoadReport report(LoadPlan plan, long[] values, long[] latencies, Map<String, Integer> errors,
            long before, long after, Duration elapsed) {
        long[] got = Arrays.stream(values).filter(v -> v != NO_VALUE).toArray();
        int distinct = (int) Arrays.stream(got).distinct().count();
        Histogram histogram = latencyHistogram(latencies);
        return new LoadReport(plan.requests(), got.length, plan.requests() - got.length, new TreeMap<>(errors),
                before, after, distinct, elapsed, Duration.ofNanos(histogram.getValueAtPercentile(50)),
                Duration.ofNanos(histogram.getValueAtPercentile(99)));
    }

    /** The latencies in an HdrHistogram, as hasp-bench keeps them: 3 significant digits (within 0.1%). */
    static Histogram latencyHistogram(long[] nanos) {
        Histogram histogram = new Histogram(3);
        for (long latency : nanos) {
            histogram.recordValue(latency);
        }
        return histogram;
    }
}
