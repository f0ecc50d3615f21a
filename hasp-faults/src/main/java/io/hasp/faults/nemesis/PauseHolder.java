package io.hasp.faults.nemesis;

import io.hasp.faults.check.Fault;
import java.time.Duration;
import java.util.Random;

/**
 * SIGSTOP of a worker right after one of its threads read inside its critical section (on its {@code HOLD} line),
 * for longer than the lease time, then SIGCONT: the process pause Kleppmann's fencing argument is about. When it
 * continues, its lease must already say it is no longer valid (and report lost), and its write must be rejected by
 * the fence if anyone with a newer token touched the resource meanwhile.
 */
final class PauseHolder extends WorkerNemesis {
    private static final Duration HOLD_WAIT = Duration.ofSeconds(2);

    @Override
    public String kind() {
        return Fault.PAUSE_HOLDER;
    }

    @Override
    void hit(Deployment deployment, String name, Random random) throws InterruptedException {
        WorkerProcess holder = deployment.worker(name);
        holder.awaitSlowHold(HOLD_WAIT);
        int id = deployment.faults().begin(kind() + " " + holder.name());
        holder.pause();
        try {
            Thread.sleep(deployment.spec().faultLength().toMillis());
        } finally {
            holder.resume();
            deployment.faults().end(id);
        }
    }
}
