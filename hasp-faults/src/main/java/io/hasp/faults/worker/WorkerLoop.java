package io.hasp.faults.worker;

import io.hasp.HaspException;
import io.hasp.faults.history.Event;
import io.hasp.faults.history.HistoryWriter;
import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One worker thread: acquire, fenced read, short pause, fenced write, release, again and again, logging every step.
 * What is acquired and what the section does come from its {@link Workload}: a reader reads twice instead of writing,
 * a semaphore's permit holder only pauses.
 *
 * <p>The write is attempted even when the lease says it is no longer valid: the point is to show that the fence, not
 * the holder's good manners, keeps the data safe. What the lease claimed at each step ({@code remaining()} and
 * whether {@code lost()} had fired) is logged with the step so the checker can judge the claim. The time is sampled
 * before the claim, so a pause in between only shortens what the history says was claimed.
 *
 * <p>Confined to its thread, except the loss callback, which only logs.
 */
final class WorkerLoop implements Runnable {
    private static final long RETRY_PAUSE_MILLIS = 20;

    private final String process;
    private final int thread;
    private final Workload workload;
    private final String leaseMode;
    private final WorkerConfig config;
    private final HistoryWriter history;
    private final FencedResource resource;
    private final PlainDelRelease brokenRelease;
    private final Control control;
    private final Consumer<String> announce;
    private final Random random;

    WorkerLoop(int thread, Workload workload, String leaseMode, WorkerConfig config, HistoryWriter history,
            FencedResource resource, PlainDelRelease brokenRelease, Control control, Consumer<String> announce) {
        this.process = config.process();
        this.thread = thread;
        this.workload = workload;
        this.leaseMode = leaseMode;
        this.config = config;
        this.history = history;
        this.resource = resource;
        this.brokenRelease = brokenRelease;
        this.control = control;
        this.announce = announce;
        this.random = new Random(config.seed() * 31 + config.incarnation() * 1_000 + thread);
    }

    @Override
    public void run() {
        try {
            while (!control.stopRequested()) {
                cycle();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cycle() throws InterruptedException {
        Workload.Section section = workload.next();
        history.log(event(Op.ACQUIRE, Type.INVOKE).waitMillis(config.waitMillis()).leaseMillis(config.leaseMillis())
                .detail(leaseMode).build());
        Optional<Hold> acquired;
        try {
            acquired = workload.acquire(section, Duration.ofMillis(config.waitMillis()));
        } catch (HaspException e) {
            history.log(event(Op.ACQUIRE, Type.INFO).detail(describe(e)).build());
            Thread.sleep(RETRY_PAUSE_MILLIS);
            return;
        }
        if (acquired.isEmpty()) {
            history.log(event(Op.ACQUIRE, Type.FAIL).detail("timed out").build());
            return;
        }
        Hold lease = acquired.get();
        long fence = lease.fencingToken();
        history.log(event(Op.ACQUIRE, Type.OK).fence(fence).detail(workload.kind(section)).build());
        AtomicBoolean lost = new AtomicBoolean();
        lease.lost().thenAccept(reason -> {
            lost.set(true);
            history.log(event(Op.LOST, Type.INFO).fence(fence).detail(reason.getMessage()).build());
        });
        switch (section) {
            case READ_WRITE -> readAndWrite(lease, lost);
            case READ_TWICE -> {
                if (fencedRead(lease, lost) != null) {
                    pauseInSection(fence);
                    fencedRead(lease, lost);
                }
            }
            case HOLD_ONLY -> pauseInSection(fence);
            default -> throw new IllegalStateException("unknown section " + section);
        }
        release(lease, lost);
    }

    /** A fenced read, logged: what was read, or null if it was refused or failed. */
    private FencedResource.ReadReply fencedRead(Hold lease, AtomicBoolean lost) {
        long fence = lease.fencingToken();
        history.log(claim(Op.READ, lease, lost).fence(fence).build());
        FencedResource.ReadReply read;
        try {
            read = resource.read(fence);
        } catch (RuntimeException e) {
            history.log(event(Op.READ, Type.INFO).fence(fence).detail(describe(e)).build());
            return null;
        }
        if (!read.served()) {
            history.log(event(Op.READ, Type.FAIL).fence(fence).seq(read.seq()).redisMicros(read.redisMicros())
                    .detail("rejected: a newer token was served").build());
            return null;
        }
        history.log(event(Op.READ, Type.OK).fence(fence).read(read.value()).seq(read.seq())
                .redisMicros(read.redisMicros()).build());
        return read;
    }

    /** The pause inside a section, announced so a nemesis can catch the holder in it. */
    private void pauseInSection(long fence) throws InterruptedException {
        boolean slow = control.takeSlowSection();
        announce.accept("HOLD " + thread + " " + fence);
        Thread.sleep(slow ? FaultWorker.SLOW_SECTION.toMillis() : 1 + random.nextInt((int) config.maxPauseMillis()));
    }

    private void readAndWrite(Hold lease, AtomicBoolean lost) throws InterruptedException {
        long fence = lease.fencingToken();
        FencedResource.ReadReply read = fencedRead(lease, lost);
        if (read == null) {
            return;
        }
        pauseInSection(fence);

        long next = read.value() + 1;
        history.log(claim(Op.WRITE, lease, lost).fence(fence).read(read.value()).written(next).build());
        FencedResource.WriteReply write;
        try {
            write = resource.write(fence, next, process + "/" + thread + "/" + fence);
        } catch (RuntimeException e) {
            history.log(event(Op.WRITE, Type.INFO).fence(fence).detail(describe(e)).build());
            return;
        }
        history.log(event(Op.WRITE, write.applied() ? Type.OK : Type.FAIL).fence(fence).read(read.value())
                .written(next).seq(write.seq()).redisMicros(write.redisMicros())
                .detail(write.applied() ? "" : "rejected: last applied token " + write.lastAppliedToken()).build());
    }

    private void release(Hold lease, AtomicBoolean lost) throws InterruptedException {
        long fence = lease.fencingToken();
        if (brokenRelease != null) {
            history.log(claim(Op.RELEASE, lease, lost).fence(fence).detail("plain DEL").build());
            try {
                long deleted = brokenRelease.delete();
                history.log(event(Op.RELEASE, Type.OK).fence(fence).detail("plain DEL deleted " + deleted).build());
            } catch (RuntimeException e) {
                history.log(event(Op.RELEASE, Type.INFO).fence(fence).detail(describe(e)).build());
            }
            return;
        }
        while (true) {
            history.log(claim(Op.RELEASE, lease, lost).fence(fence).build());
            try {
                boolean ours = lease.release();
                history.log(event(Op.RELEASE, ours ? Type.OK : Type.FAIL).fence(fence)
                        .detail(ours ? "" : "no longer ours").build());
                return;
            } catch (HaspException e) {
                history.log(event(Op.RELEASE, Type.INFO).fence(fence).detail(describe(e)).build());
                // The library keeps a lease whose release failed and renews it; retry while it may still hold.
                if (!lease.isValid()) {
                    return;
                }
                Thread.sleep(RETRY_PAUSE_MILLIS);
            }
        }
    }

    /** An invoke carrying the lease's claim; the time is taken before the claim is sampled. */
    private Event.Builder claim(Op op, Hold lease, AtomicBoolean lost) {
        long now = System.nanoTime();
        long remaining = lease.remaining().toNanos();
        return event(op, Type.INVOKE).nanos(now).claim(remaining, lost.get());
    }

    private Event.Builder event(Op op, Type type) {
        return Event.of(process, thread, op, type);
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
