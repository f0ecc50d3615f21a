package io.hasp.faults.nemesis;

import io.hasp.faults.check.Fault;
import io.hasp.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The cost of a restart without persistence, made visible: a worker is frozen (SIGSTOP) right after it read inside
 * its critical section, the lock server crashes and restarts, and the worker is continued as soon as another worker
 * has read inside a critical section of its own (it acquired the lock the restart forgot), or after half a lease at
 * most, so the frozen holder's lease is still valid when it wakes. Without persistence two holders now overlap; the
 * woken holder's write must be rejected by the fence, because the new holder's token is floored by the server's clock
 * and its read raised the resource's fence. With AOF and {@code appendfsync always} nobody can take the lock and the
 * woken holder simply finishes. Claims the worker and every lock server.
 */
final class RestartUnderHolder implements Nemesis {
    private static final Duration HOLD_WAIT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 2;

    @Override
    public String kind() {
        return Fault.RESTART_UNDER_HOLDER;
    }

    @Override
    public boolean strike(Deployment deployment, Targets targets, Random random) throws InterruptedException {
        List<String> names = new ArrayList<>(deployment.workerNames());
        Collections.shuffle(names, random);
        for (String name : names) {
            List<String> claim = new ArrayList<>(List.of(name));
            for (int i = 0; i < deployment.lockNodes().size(); i++) {
                claim.add("node" + i);
            }
            if (targets.claim(claim)) {
                try {
                    hit(deployment, name);
                } finally {
                    targets.release(claim);
                }
                return true;
            }
        }
        return false;
    }

    private void hit(Deployment deployment, String name) throws InterruptedException {
        WorkerProcess holder = deployment.worker(name);
        holder.awaitSlowHold(HOLD_WAIT);
        Map<String, Long> holdsBefore = new HashMap<>();
        for (String other : deployment.workerNames()) {
            if (!other.equals(name)) {
                holdsBefore.put(other, deployment.worker(other).holds());
            }
        }
        boolean losesData = deployment.spec().persistence().restartLosesData();
        int id = deployment.faults().begin(kind() + " " + holder.name() + (losesData ? " " + Fault.DATA_LOSS : ""));
        long frozenAt = System.nanoTime();
        holder.pause();
        try {
            deployment.lockNodes().forEach(RedisServer::kill);
            deployment.lockNodes().forEach(RedisServer::restart);
            long deadline = frozenAt + deployment.spec().lease().dividedBy(2).toNanos();
            while (System.nanoTime() < deadline && !anotherHeld(deployment, holdsBefore)) {
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            holder.resume();
            deployment.faults().end(id);
        }
    }

    private static boolean anotherHeld(Deployment deployment, Map<String, Long> holdsBefore) {
        for (Map.Entry<String, Long> entry : holdsBefore.entrySet()) {
            if (deployment.worker(entry.getKey()).holds() > entry.getValue()) {
                return true;
            }
        }
        return false;
    }
}
