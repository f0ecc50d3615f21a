package io.hasp.faults.nemesis;

import io.hasp.faults.check.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * SIGSTOP of a worker right after one of its threads read inside its critical section (on its {@code HOLD} line),
 * for longer than the lease time, then SIGCONT: the process pause Kleppmann's fencing argument is about. It is
 * continued while another worker is in the middle of a (slow) critical section of its own, so the stale holder's
 * write lands between the new holder's read and write: the fence must reject it, its lease must already say it is no
 * longer valid (and report lost), and a stale holder that then releases without a token check deletes a lock in use.
 */
final class PauseHolder extends WorkerNemesis {
    private static final Duration HOLD_WAIT = Duration.ofSeconds(2);
    /** How long to wait for another worker to be mid-section before continuing the frozen one anyway. */
    private static final Duration OTHER_HOLD_WAIT = Duration.ofSeconds(1);

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
            List<String> others = new ArrayList<>(deployment.workerNames());
            others.remove(name);
            if (!others.isEmpty()) {
                deployment.worker(others.get(random.nextInt(others.size()))).awaitSlowHold(OTHER_HOLD_WAIT);
            }
        } finally {
            holder.resume();
            deployment.faults().end(id);
        }
    }
}
