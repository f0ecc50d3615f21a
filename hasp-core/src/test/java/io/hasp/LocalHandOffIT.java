package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.Timing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A release hands the lock straight to the next waiter of its own client, and other clients still get their turn. */
class LocalHandOffIT extends OneRedisWithProbe {
    @BeforeAll
    static void loadScripts() throws IOException {
        // Loaded up front, so that command counts see EVALSHA only, never a first NOSCRIPT and its EVAL.
        for (String script : List.of("acquire", "release", "handoff")) {
            try (InputStream in = LocalHandOffIT.class.getResourceAsStream("/io/hasp/internal/scripts/" + script
                    + ".lua")) {
                redis.command("SCRIPT", "LOAD", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aReleaseHandsTheLockToTheNextLocalWaiterWithoutAnAttemptOrAPublish() throws Exception {
        try (Hasp client = connect()) {
            untilTheHeadWaits(client, "local", LocalHandOffIT::handOffRound);
        }
    }

    /** One round on a fresh lock: false if the first release found the head between its attempts. */
    @FunctionalInterface
    private interface Round {
        boolean run(Hasp client, String name) throws Exception;
    }

    /**
     * The head might be between two attempts at the first release (then it is not claimed, and the release
     * publishes): a few rounds, each on a fresh lock, must see the hand-off.
     */
    private static void untilTheHeadWaits(Hasp client, String prefix, Round round) throws Exception {
        for (int i = 0; i < 3; i++) {
            if (round.run(client, prefix + "-" + i)) {
                return;
            }
        }
        throw new AssertionError("no first release found the head waiting");
    }

    /** One holder and two waiters of one client; returns whether the first release was a hand-off (and checks it). */
    private static boolean handOffRound(Hasp client, String name) throws Exception {
        Lock lock = client.lock(name, MessageOnlyOptions.get());
        Lease holder = lock.tryAcquire().orElseThrow();
        probe.resetStats();
        CompletableFuture<Lease> first = lock.acquireAsync(Duration.ofMinutes(1));
        CompletableFuture<Lease> second = lock.acquireAsync(Duration.ofMinutes(1));
        // The head attempts, subscribes, and checks once more; the second waiter waits behind it in the JVM.
        Timing.await("the head's two attempts", Duration.ofSeconds(5), () -> probe.calls("evalsha") >= 2
                && probe.subscribers("hasp:{" + name + "}:wake") == 1);
        probe.resetStats();

        holder.release();
        Lease firstLease = first.get(5, TimeUnit.SECONDS);
        long handOffScripts = probe.calls("evalsha");
        long published = probe.calls("publish");
        if (published > 0) {
            firstLease.release();
            second.get(5, TimeUnit.SECONDS).release();
            return false;
        }
        // The release was one hand-off script: no attempt by the waiter, nothing published, no DELEX.
        assertThat(handOffScripts).isEqualTo(1);
        assertThat(probe.calls("delex")).isZero();
        assertThat(firstLease.fencingToken()).isGreaterThan(holder.fencingToken());
        assertThat(firstLease.remaining()).isGreaterThan(Duration.ofMinutes(1));
        assertThat(redis.command("GET", "hasp:{" + name + "}")).isNotNull();

        // The next one is handed on too, unless the run of hand-offs already lasted its 5 ms (a slow machine).
        firstLease.release();
        Lease secondLease = second.get(5, TimeUnit.SECONDS);
        assertThat(secondLease.fencingToken()).isGreaterThan(firstLease.fencingToken());
        assertThat(secondLease.release()).isTrue();
        assertThat(probe.exists("hasp:{" + name + "}")).isFalse();
        // The last waiter out removes the client's registry entry, which the hand-offs left in place.
        Timing.await("the registry emptied", Duration.ofSeconds(5),
                () -> !probe.exists("hasp:{" + name + "}:waiters"));
        return true;
    }

    @Test
    void aClientAloneOnItsLockHandsOffPastTheFairnessBound() throws Exception {
        // The fairness bound (8 hand-offs in a row, or 5 ms) yields to other clients; with none waiting, the release
        // at the bound must hand off too, not release and publish so that this client's own head attempts again.
        try (Hasp client = connect()) {
            String name = "alone";
            Lock lock = client.lock(name, MessageOnlyOptions.get());
            Lease current = lock.tryAcquire().orElseThrow();
            List<CompletableFuture<Lease>> waiters = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                waiters.add(lock.acquireAsync(Duration.ofMinutes(1)));
            }
            Timing.await("the head's two attempts", Duration.ofSeconds(5), () -> probe.calls("evalsha") >= 2
                    && probe.subscribers("hasp:{" + name + "}:wake") == 1);
            // Redis has run the head's attempt, but the client may not have read its reply yet, and a head still
            // attempting cannot be claimed: the first release may publish. From the first lease on, each next head
            // is parked before its predecessor's caller sees the lease (AcquireLoop), so every release finds it.
            current = handOver(current, waiters.get(0));
            probe.resetStats();
            for (CompletableFuture<Lease> waiter : waiters.subList(1, waiters.size())) {
                current = handOver(current, waiter);
            }
            // Eleven releases in a row, past the bound of eight, each one hand-off script: no attempt, no publish.
            assertThat(probe.calls("publish")).isZero();
            assertThat(probe.calls("evalsha")).isEqualTo(11);
            assertThat(current.release()).isTrue();
        }
    }

    @Test
    void aHandOffPastTheFairnessBoundLeavesAForeignRegistryMemberAloneAndWakesNobody() throws Exception {
        // Past the fairness bound a hand-off reads the registry to find another client to yield to. A member Hasp did
        // not write (here live, as another client's entry would be) makes the registry someone's data: the hand-off
        // must not yield to it (no release, no wake-up by name, the member not removed) and hands off as usual.
        try (Hasp client = connect()) {
            String name = "foreign-registry";
            String registry = "hasp:{" + name + "}:waiters";
            Lock lock = client.lock(name, MessageOnlyOptions.get());
            Lease current = lock.tryAcquire().orElseThrow();
            List<CompletableFuture<Lease>> waiters = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                waiters.add(lock.acquireAsync(Duration.ofMinutes(1)));
            }
            Timing.await("the head's two attempts", Duration.ofSeconds(5), () -> probe.calls("evalsha") >= 2
                    && probe.subscribers("hasp:{" + name + "}:wake") == 1);
            current = handOver(current, waiters.get(0)); // from here on, every release finds the next head parked
            redis.command("ZADD", registry, "99999999999999", "someone's member");
            probe.resetStats();
            for (CompletableFuture<Lease> waiter : waiters.subList(1, waiters.size())) {
                current = handOver(current, waiter);
            }
            assertThat(probe.calls("evalsha")).isEqualTo(11); // eleven hand-off scripts, none yielded
            assertThat(current.release()).isTrue(); // a plain release now: it wakes nobody either
            assertThat(probe.calls("publish")).isZero();
            // The member is still there with its score. (Our client's own entry goes when its line empties.)
            assertThat(redis.command("ZSCORE", registry, "someone's member")).isEqualTo("99999999999999");
        }
    }

    /** Releases {@code previous} and returns the lease the waiter then gets, with a larger fencing token. */
    private static Lease handOver(Lease previous, CompletableFuture<Lease> waiter) throws Exception {
        assertThat(previous.release()).isTrue();
        Lease next = waiter.get(5, TimeUnit.SECONDS);
        assertThat(next.fencingToken()).isGreaterThan(previous.fencingToken());
        return next;
    }

    @Test
    void localHandOffsStillLetEveryThreadOfEveryClientIn() throws Exception {
        everyThreadOfEveryClientGetsIn(client -> client.lock("hammered"));
    }

    @Test
    void everyWaiterIsWokenByAMessageOrAHandOffWithoutTimedReChecks() throws Exception {
        // No timed re-check to fall back on: a wake-up lost between hand-offs and named wake-ups leaves a thread
        // stuck until its acquire times out.
        everyThreadOfEveryClientGetsIn(client -> client.lock("hammered", MessageOnlyOptions.get()));
    }

    private static void everyThreadOfEveryClientGetsIn(Function<Hasp, Lock> hammered) throws Exception {
        int clientCount = 2;
        int threadsPerClient = 4;
        List<Hasp> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clientCount * threadsPerClient);
        try {
            for (int c = 0; c < clientCount; c++) {
                clients.add(connect());
            }
            clients.get(0).lock("hammered").tryAcquire().orElseThrow().release(); // loads the scripts
            AtomicBoolean inside = new AtomicBoolean();
            AtomicBoolean overlap = new AtomicBoolean();
            AtomicLong lastFence = new AtomicLong();
            AtomicBoolean fenceOutOfOrder = new AtomicBoolean();
            AtomicInteger lastClient = new AtomicInteger(-1);
            AtomicInteger switches = new AtomicInteger();
            AtomicInteger sections = new AtomicInteger();
            int[] perThread = new int[clientCount * threadsPerClient];
            AtomicInteger threadsIn = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clientCount; c++) {
                int clientIndex = c;
                Lock lock = hammered.apply(clients.get(c));
                for (int t = 0; t < threadsPerClient; t++) {
                    int slot = c * threadsPerClient + t;
                    workers.add(pool.submit(() -> {
                        go.await();
                        while (!stop.get()) {
                            try (Lease lease = lock.acquire(Timing.scaled(Duration.ofSeconds(30)))) {
                                if (!inside.compareAndSet(false, true)) {
                                    overlap.set(true);
                                }
                                if (lease.fencingToken() <= lastFence.get()) {
                                    fenceOutOfOrder.set(true);
                                }
                                lastFence.set(lease.fencingToken());
                                if (lastClient.getAndSet(clientIndex) != clientIndex) {
                                    switches.incrementAndGet();
                                }
                                if (perThread[slot]++ == 0) {
                                    threadsIn.incrementAndGet();
                                }
                                sections.incrementAndGet();
                                inside.set(false);
                            }
                        }
                        return null;
                    }));
                }
            }
            go.countDown();
            // Counted from when every thread has been in once: the lines have formed, each with its attempt and
            // check after subscribing, which a loaded machine would otherwise weigh against a handful of sections.
            Timing.await("every thread in once", Duration.ofSeconds(30), () -> threadsIn.get() == perThread.length);
            probe.resetStats();
            int counted = sections.get();
            Timing.await("200 more sections", Duration.ofSeconds(60), () -> sections.get() >= counted + 200);
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get();
            }
            assertThat(overlap).isFalse();
            assertThat(fenceOutOfOrder).isFalse();
            assertThat(perThread).doesNotContain(0);
            // The lock keeps changing clients (hundreds of times on an idle machine; this only rules out never).
            assertThat(switches.get()).isGreaterThanOrEqualTo(2);
            // Most sections were handed over locally: well under the two scripts (attempt and release) each
            // section costs without hand-offs. Attempts that found the lock held are left out: the waiters' timed
            // re-checks make them, as many a second on a loaded machine as on an idle one that runs a hundred times
            // more sections. Each calls PTTL once, and once more when it registers, which a ZADD shows.
            long foundHeld = probe.calls("pttl") - probe.calls("zadd");
            assertThat(probe.calls("evalsha") - foundHeld).isLessThan(3L * (sections.get() - counted) / 2);
        } finally {
            pool.shutdownNow();
            clients.forEach(Hasp::close);
        }
    }

    @Test
    void aWaiterCancelledWhileBeingHandedTheLockLeavesNoLockBehind() throws Exception {
        try (Hasp client = connect()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 20; round++) {
                    String name = "cancelled-" + round;
                    Lock lock = client.lock(name, MessageOnlyOptions.get());
                    Lease holder = lock.tryAcquire().orElseThrow();
                    CompletableFuture<Lease> waiter = lock.acquireAsync(Duration.ofMinutes(1));
                    Timing.await("a registered waiter", Duration.ofSeconds(5),
                            () -> probe.subscribers("hasp:{" + name + "}:wake") == 1);
                    CountDownLatch both = new CountDownLatch(2);
                    Future<?> release = pool.submit(() -> {
                        both.countDown();
                        both.await();
                        return holder.release();
                    });
                    Future<?> cancel = pool.submit(() -> {
                        both.countDown();
                        both.await();
                        return waiter.cancel(true);
                    });
                    release.get(5, TimeUnit.SECONDS);
                    cancel.get(5, TimeUnit.SECONDS);
                    if (!waiter.isCancelled()) {
                        waiter.get(5, TimeUnit.SECONDS).release(); // the hand-off won: the waiter owns it
                    }
                    // Leases are two minutes long: a lock left on the cancelled waiter's behalf would stay.
                    Timing.await("the lock freed", Duration.ofSeconds(5), () -> !probe.exists("hasp:{" + name + "}"));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRemoteWaiterGetsTheLockWhileLocalWaitersKeepHandingItOn() throws Exception {
        try (Hasp busy = connect(); Hasp remote = connect()) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger busySections = new AtomicInteger();
            try {
                Lock lock = busy.lock("contested");
                List<Future<?>> hammers = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    hammers.add(pool.submit(() -> {
                        while (!stop.get()) {
                            lock.acquire(Timing.scaled(Duration.ofSeconds(30))).release();
                            busySections.incrementAndGet();
                        }
                        return null;
                    }));
                }
                Timing.await("the busy client handing off", Duration.ofSeconds(5), () -> busySections.get() > 50);
                Lease remoteLease = remote.lock("contested").acquire(Timing.scaled(Duration.ofSeconds(10)));
                remoteLease.release();
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
}
