package io.hasp.faults.nemesis;

import io.hasp.faults.check.Fault;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.Random;

/**
 * SIGKILL of a worker, preferably while one of its threads holds the lock (it waits briefly for a {@code HOLD}
 * line), then a new process for that worker. The dead holder's lock must free itself within one lease time: nothing
 * may keep renewing it.
 */
final class KillWorker extends WorkerNemesis {
    private static final Duration HOLD_WAIT = Duration.ofSeconds(1);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String kind() {
        return Fault.KILL_WORKER;
    }

    @Override
    void hit(Deployment deployment, String name, Random random) throws InterruptedException {
        WorkerProcess victim = deployment.worker(name);
        victim.awaitSlowHold(HOLD_WAIT);
        int id = deployment.faults().begin(kind() + " " + victim.name());
        victim.kill();
        deployment.faults().end(id);
        deployment.restartWorker(name).awaitReady(Timing.scaled(READY_TIMEOUT));
    }
}
