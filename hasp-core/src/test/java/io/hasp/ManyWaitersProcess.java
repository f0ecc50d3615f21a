package io.hasp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for {@link WaiterMemoryIT}, run with a small heap: one client holds every lock, a second client queues
 * many async waiters on each, prints {@code WAITING}, and on {@code GO} (stdin) the holder releases; each waiter
 * releases as soon as it holds its lock. Prints {@code DONE n} with the number of waiters that got their lock.
 * Arguments: Redis URI, number of locks, waiters per lock.
 */
public final class ManyWaitersProcess {
    private ManyWaitersProcess() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        int locks = Integer.parseInt(args[1]);
        int perLock = Integer.parseInt(args[2]);
        LockOptions options = LockOptions.builder().leaseTime(Duration.ofMinutes(2)).build();
        try (Hasp holder = Hasp.builder().uri(uri).commandTimeout(Duration.ofSeconds(10)).defaultOptions(options)
                .build();
             Hasp waiters = Hasp.builder().uri(uri).commandTimeout(Duration.ofSeconds(10)).defaultOptions(options)
                .build()) {
            List<Lease> held = new ArrayList<>();
            for (int i = 0; i < locks; i++) {
                held.add(holder.lock("many:" + i).tryAcquire().orElseThrow());
            }
            List<CompletableFuture<Boolean>> done = new ArrayList<>();
            for (int w = 0; w < perLock; w++) {
                for (int i = 0; i < locks; i++) {
                    done.add(waiters.lock("many:" + i).acquireAsync(Duration.ofMinutes(3))
                            .thenCompose(Lease::releaseAsync));
                }
            }
            System.out.println("WAITING " + done.size());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            held.forEach(Lease::close);
            long acquired = 0;
            for (CompletableFuture<Boolean> f : done) {
                if (f.get(3, TimeUnit.MINUTES)) {
                    acquired++;
                }
            }
            System.out.println("DONE " + acquired + " heapMiB " + usedHeapMiB());
            System.out.flush();
        }
    }

    private static long usedHeapMiB() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }
}
