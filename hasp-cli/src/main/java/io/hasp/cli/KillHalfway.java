package io.hasp.cli;

import io.hasp.demo.LoadDriver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A load run's progress that, once half the requests are done, kills the primary serving the lock on a thread of its
 * own (the election takes seconds; the load keeps going meanwhile), and passes every report on to the progress bar.
 * Thread-safe: the driver's threads report concurrently; the kill starts once, guarded by this object's monitor.
 */
final class KillHalfway implements LoadDriver.Progress {
    private final LoadDriver.Progress shown;
    private final DemoCluster cluster;
    private final CompletableFuture<DemoCluster.Kill> kill = new CompletableFuture<>();
    private boolean started;

    KillHalfway(LoadDriver.Progress shown, DemoCluster cluster) {
        this.shown = shown;
        this.cluster = cluster;
    }

    @Override
    public void completed(int done, int total) {
        synchronized (this) {
            if (!started && done * 2 >= total) {
                started = true;
                Thread killer = new Thread(() -> {
                    try {
                        kill.complete(cluster.killLockPrimary());
                    } catch (RuntimeException e) {
                        kill.completeExceptionally(e);
                    }
                }, "hasp-demo-kill-primary");
                killer.setDaemon(true);
                killer.start();
            }
        }
        shown.completed(done, total);
    }

    /**
     * What was killed, once the replica has taken over.
     *
     * @throws CliException if the kill never started (the run had no requests) or the cluster did not recover
     */
    DemoCluster.Kill await(long timeoutSeconds) throws InterruptedException {
        try {
            return kill.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CliException("--cluster: killing the lock's primary failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new CliException("--cluster: no replica took over from the killed primary within "
                    + timeoutSeconds + " s");
        }
    }
}
