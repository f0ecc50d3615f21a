package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A semaphore release hands its permits straight to the next waiting call of its own client: one script, a lease of
 * the waiter's own with a new fence; never more holders than permits; other clients, a large request among them,
 * still get their turn.
 */
class SemaphoreHandOffIT extends OneRedisWithProbe {
    private static final Duration LONG_WAIT = Duration.ofMinutes(1);

    @Test
    void aReleaseHandsItsPermitToTheNextLocalWaiterInOneScriptWithANewLease() throws Exception {
        try (Hasp client = connect()) {
            warmUpScripts(client);
            // The head might be between two attempts at the release (then it is not claimed, and the release
            // publishes): a few rounds, each on a fresh semaphore, must see the hand-off.
            for (int round = 0; round < 3; round++) {
                if (handOffRound(client, "local-" + round)) {
                    return;
                }
            }
            throw new AssertionError("no release handed the permit to the waiting head");
        }
    }

    /** One holder and two waiters of one client; returns whether the first release was a hand-off (and checks it). */
    private static boolean handOffRound(Hasp client, String name) throws Exception {
        Semaphore semaphore = client.semaphore(name, 1, MessageOnlyOptions.get());
        String holders = "hasp:{" + name + "}:semaphore";
        Lease holder = semaphore.tryAcquire(1).orElseThrow();
        Semaphore longer = semaphore.withOptions(MessageOnlyOptions.get().toBuilder()
                .leaseTime(Duration.ofMinutes(5)).build());
        probe.resetStats();
        CompletableFuture<Lease> first = longer.acquireAsync(1, LONG_WAIT);
        CompletableFuture<Lease> second = semaphore.acquireAsync(1, LONG_WAIT);
        // The head attempts, subscribes, and checks once more; the second waiter waits behind it in the JVM.
        Timing.await("the head's two attempts", Duration.ofSeconds(5), () -> probe.calls("evalsha") >= 2
                && probe.subscribers("hasp:{" + name + "}:semaphore:wake") == 1);
        probe.resetStats();

        assertThat(holder.release()).isTrue();
        Lease firstLease = first.get(5, TimeUnit.SECONDS);
        long scripts = probe.calls("evalsha");
        if (probe.calls("publish") > 0) {
            firstLease.release();
            second.get(5, TimeUnit.SECONDS).release();
            return false;
        }
        // One hand-off script: no attempt by the waiter, nothing published.
        assertThat(scripts).isEqualTo(1);
        // The waiter's own lease: its token (the holder's is gone), its lease time, a larger fence.
        assertThat(firstLease.fencingToken()).isGreaterThan(holder.fencingToken());
        assertThat(firstLease.tokenPrefix()).isNotEqualTo(holder.tokenPrefix());
        assertThat(firstLease.remaining()).isGreaterThan(Duration.ofMinutes(4));
        assertThat(probe.zcard(holders)).isEqualTo(1);
        assertThat((Long) redis.command("PTTL", holders)).isGreaterThan(Duration.ofMinutes(4).toMillis());
        assertThat(probe.zcard("hasp:{" + name + "}:semaphore:queue")).as("the waiter left the queue").isZero();
        assertThat(holder.release()).as("the old lease is gone").isFalse();
        firstLease.extend(Duration.ofMinutes(3));
        assertThat(firstLease.isValid()).isTrue();

        firstLease.release();
        Lease secondLease = second.get(5, TimeUnit.SECONDS);
        assertThat(secondLease.fencingToken()).isGreaterThan(firstLease.fencingToken());
        assertThat(secondLease.release()).isTrue();
        assertThat(probe.exists(holders)).isFalse();
        // The last waiter out removes the client's registry entry, which the hand-offs left in place.
        Timing.await("the registry emptied", Duration.ofSeconds(5),
                () -> !probe.exists("hasp:{" + name + "}:semaphore:waiters"));
        return true;
    }

    @Test
    void aHolderOfManyPermitsHandsTheWaiterWhatItAsksAndFreesTheRest() throws Exception {
        try (Hasp client = connect(); Hasp other = connect()) {
            warmUpScripts(client);
            Semaphore semaphore = client.semaphore("split", 3, MessageOnlyOptions.get());
            Lease all = semaphore.tryAcquire(3).orElseThrow();
            CompletableFuture<Lease> one = semaphore.acquireAsync(1, LONG_WAIT);
            Timing.await("a waiting head", Duration.ofSeconds(5),
                    () -> probe.subscribers("hasp:{split}:semaphore:wake") == 1
                            && probe.zcard("hasp:{split}:semaphore:queue") == 1);
            assertThat(all.release()).isTrue();
            Lease handed = one.get(5, TimeUnit.SECONDS);
            assertThat(handed.fencingToken()).isGreaterThan(all.fencingToken());
            Semaphore remote = other.semaphore("split", 3);
            Lease rest = remote.tryAcquire(2).orElseThrow(() -> new AssertionError("the 2 freed permits"));
            assertThat(remote.tryAcquire(1)).as("3 permits held").isEmpty();
            rest.release();
            handed.release();
        }
    }

    @Test
    void handOffsNeverGrantMorePermitsThanTheSemaphoreHasAndEveryThreadGetsIn() throws Exception {
        int permits = 2;
        int clientCount = 3;
        int threadsPerClient = 4;
        List<Hasp> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clientCount * threadsPerClient);
        AtomicLong handOffs = new AtomicLong();
        LockListener countsHandOffs = new LockListener() {
            @Override
            public void handedOff(String lockName) {
                handOffs.incrementAndGet();
            }
        };
        try {
            for (int c = 0; c < clientCount; c++) {
                clients.add(Hasp.builder().uri(redis.uri()).commandTimeout(Duration.ofSeconds(10))
                        .connectTimeout(Timing.scaled(Duration.ofSeconds(10))).listener(countsHandOffs).build());
            }
            warmUpScripts(clients.get(0));
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            Set<Long> fences = ConcurrentHashMap.newKeySet();
            AtomicInteger sections = new AtomicInteger();
            int[] perThread = new int[clientCount * threadsPerClient];
            AtomicInteger threadsIn = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clientCount; c++) {
                Semaphore semaphore = clients.get(c).semaphore("hammered", permits);
                for (int t = 0; t < threadsPerClient; t++) {
                    int slot = c * threadsPerClient + t;
                    workers.add(pool.submit(() -> {
                        go.await();
                        while (!stop.get()) {
                            try (Lease lease = semaphore.acquire(1, Timing.scaled(Duration.ofSeconds(30)))) {
                                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                                fences.add(lease.fencingToken());
                                Thread.onSpinWait();
                                inside.decrementAndGet();
                                if (perThread[slot]++ == 0) {
                                    threadsIn.incrementAndGet();
                                }
                                sections.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
            }
            go.countDown();
            // Counted from when every thread has held once (the lines have formed, each head with its attempt and
            // its check after subscribing), over a fixed number of sections rather than a fixed time: on a loaded
            // machine a second holds a few sections and many timed re-checks.
            Timing.await("every thread in once", Duration.ofSeconds(30), () -> threadsIn.get() == perThread.length);
            probe.resetStats();
            long handOffsBefore = handOffs.get();
            int counted = sections.get();
            Timing.await("200 more sections", Duration.ofSeconds(60), () -> sections.get() >= counted + 200);
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get();
            }
            assertThat(most.get()).isLessThanOrEqualTo(permits);
            assertThat(fences).as("one fence per grant").hasSize(sections.get());
            assertThat(perThread).doesNotContain(0);
            // Every grant, by an attempt or by a hand-off, writes its fence with one SET; only the acquire script
            // reads the fence with MGET. So the attempts that found no permit (those of the waiters' timed re-checks
            // among them, as many a second on a loaded machine as on an idle one that runs far more sections) are
            // the MGETs less the grants that were not hand-offs. Left out, each grant costs about one script when
            // handed over locally, and two (attempt and release) when not: most were handed over.
            long grants = probe.calls("set");
            long handedOver = handOffs.get() - handOffsBefore;
            long foundNoPermit = probe.calls("mget") - (grants - handedOver);
            assertThat(handedOver).as("grants handed over locally, of " + grants).isGreaterThan(grants / 2);
            assertThat(probe.calls("evalsha") - foundNoPermit).isLessThan(3L * grants / 2);
            assertThat(probe.exists("hasp:{hammered}:semaphore")).isFalse();
        } finally {
            pool.shutdownNow();
            clients.forEach(Hasp::close);
        }
    }

    @Test
    void aLargeRequestOfAnotherClientIsServedWhileLocalWaitersKeepHandingPermitsOn() throws Exception {
        try (Hasp busy = connect(); Hasp remote = connect()) {
            warmUpScripts(busy);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger busySections = new AtomicInteger();
            AtomicLong handedOffBefore = new AtomicLong();
            try {
                Semaphore semaphore = busy.semaphore("contested", 2);
                List<Future<?>> hammers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    hammers.add(pool.submit(() -> {
                        while (!stop.get()) {
                            semaphore.acquire(1, Timing.scaled(Duration.ofSeconds(30))).release();
                            busySections.incrementAndGet();
                        }
                        return null;
                    }));
                }
                Timing.await("the busy client handing off", Duration.ofSeconds(5), () -> busySections.get() > 100);
                handedOffBefore.set(busySections.get());
                long askedAt = System.nanoTime();
                Lease both = remote.semaphore("contested", 2).acquire(2, Timing.scaled(Duration.ofSeconds(10)));
                long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - askedAt);
                // Each of the busy client's two permits is handed on at most 8 times (or 5 ms) before it yields to
                // the queued request: well under a second even on a loaded machine.
                assertThat(waitedMillis).isLessThan(Timing.scaled(Duration.ofSeconds(1)).toMillis());
                assertThat(both.isValid()).isTrue();
                both.release();
                Timing.await("the busy client going on", Duration.ofSeconds(5),
                        () -> busySections.get() > handedOffBefore.get() + 20);
                stop.set(true);
                for (Future<?> hammer : hammers) {
                    hammer.get(10, TimeUnit.SECONDS);
                }
            } catch (ExecutionException e) {
                throw new AssertionError("a busy thread failed", e.getCause());
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aClientThatYieldsItsLastPermitWaitsInTheQueueAndIsWokenByTheNextRelease() throws Exception {
        try (Hasp busy = connect(); Hasp other = connect()) {
            warmUpScripts(busy);
            String queue = "hasp:{yield}:semaphore:queue";
            // Timed re-checks are minutes away: every grant below comes from a hand-off or a release's wake-up.
            Semaphore semaphore = busy.semaphore("yield", 1, MessageOnlyOptions.get());
            Lease current = semaphore.tryAcquire(1).orElseThrow();
            List<CompletableFuture<Lease>> local = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                local.add(semaphore.acquireAsync(1, LONG_WAIT));
            }
            Timing.await("the busy client's head queued", Duration.ofSeconds(5), () -> probe.zcard(queue) == 1);
            CompletableFuture<Lease> remote = other.semaphore("yield", 1, MessageOnlyOptions.get())
                    .acquireAsync(1, LONG_WAIT);
            Timing.await("the other client queued", Duration.ofSeconds(5), () -> probe.zcard(queue) == 2
                    && probe.subscribers("hasp:{yield}:semaphore:wake") == 2);

            // The busy client's call was queued first, so its first grant is its turn; then it hands its permit on,
            // past the other client's queued call, until its run reaches the fairness bound (8 hand-offs or 5 ms),
            // and its release yields: the other client gets the permit.
            int grants = 0;
            int next = 0;
            while (!remote.isDone()) {
                assertThat(current.release()).isTrue();
                CompletableFuture<Lease> waiter = local.get(next);
                CompletableFuture.anyOf(waiter, remote).get(5, TimeUnit.SECONDS);
                if (waiter.isDone()) {
                    current = waiter.get();
                    next++;
                    grants++;
                }
            }
            assertThat(grants).as("grants to the busy client before the other's").isLessThanOrEqualTo(9);
            Lease remoteLease = remote.get();
            // The yielded waiter stays in the queue, and the other client's release wakes it by name.
            assertThat(probe.zcard(queue)).isEqualTo(1);
            assertThat(local.get(next)).isNotDone();
            assertThat(remoteLease.release()).isTrue();
            Lease back = local.get(next).get(5, TimeUnit.SECONDS);
            assertThat(back.fencingToken()).isGreaterThan(remoteLease.fencingToken());
            back.release();
            for (CompletableFuture<Lease> waiter : local.subList(next + 1, local.size())) {
                waiter.get(5, TimeUnit.SECONDS).release();
            }
        }
    }

    /**
     * Runs each semaphore script, the hand-off among them, before anything is counted, so that counts see EVALSHA
     * only, never a first NOSCRIPT and its EVAL. A round whose release found the head between two attempts
     * published instead of handing off: then another round.
     */
    private static void warmUpScripts(Hasp client) throws Exception {
        for (int round = 0; round < 5; round++) {
            String name = "warm-up-" + round;
            Semaphore semaphore = client.semaphore(name, 1, MessageOnlyOptions.get());
            Lease holder = semaphore.tryAcquire(1).orElseThrow();
            CompletableFuture<Lease> waiter = semaphore.acquireAsync(1, LONG_WAIT);
            Timing.await("a waiting head", Duration.ofSeconds(5),
                    () -> probe.subscribers("hasp:{" + name + "}:semaphore:wake") == 1
                            && probe.zcard("hasp:{" + name + "}:semaphore:queue") == 1);
            probe.resetStats();
            holder.release();
            waiter.get(5, TimeUnit.SECONDS).release();
            if (probe.calls("publish") == 0) {
                return;
            }
        }
        throw new AssertionError("no release handed its permit on");
    }
}
