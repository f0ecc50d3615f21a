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
 * What a failover costs a holder, made visible: a worker is frozen (SIGSTOP) right after it read inside its critical
 * section, the lock's primary is killed (SIGKILL) and a replica is elected in its place, and the worker is continued
 * as soon as another worker has read inside a critical section of its own (it was granted the lock on the new
 * primary), or after three quarters of a lease at most, so the frozen holder's lease is still valid when it wakes.
 * The killed node then restarts (without persistence) and rejoins as a replica.
 *
 * <p>A plain kill loses a lock only if the replica had not received it yet. The lagging kill makes sure it had not:
 * the replicas are paused (SIGSTOP) and the primary drops their links ({@code CLIENT KILL TYPE replica}) first, so
 * every write after that stays on the primary alone (a paused replica cannot reconnect to fetch it) and is lost with
 * it; the frozen holder, once continued, is a stale holder whose write the fence must refuse. (Testkit's
 * {@code ReplicaLag} gets the same effect with a 32 MB ballast, which on a loaded machine blocks the primary for
 * seconds: too long for a workload that runs meanwhile.) Both are logged as a failover that may lose writes; the
 * checker counts the double grants they cause. With {@code replicaAcks(1, ...)} no grant counts before a replica has
 * it: the lagging kill finds no holder to freeze (no grant is acknowledged while the replicas are paused), and a
 * plain kill keeps the lock. Claims the group, and the frozen worker while it is frozen.
 */
final class KillPrimary implements Nemesis {
    private static final Duration HOLD_WAIT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 2;

    private final boolean lagging;

    KillPrimary(boolean lagging) {
        this.lagging = lagging;
    }

    @Override
    public String kind() {
        return lagging ? Fault.KILL_PRIMARY_LAGGING : Fault.KILL_PRIMARY;
    }

    @Override
    public boolean strike(Deployment deployment, Targets targets, Random random) throws InterruptedException {
        List<String> group = List.of(FailoverGroup.TARGET);
        if (!targets.claim(group)) {
            return false;
        }
        try {
            List<String> names = new ArrayList<>(deployment.workerNames());
            Collections.shuffle(names, random);
            hit(deployment, deployment.failoverGroup(), names, targets);
        } finally {
            targets.release(group);
        }
        return true;
    }

    private void hit(Deployment deployment, FailoverGroup group, List<String> names, Targets targets)
            throws InterruptedException {
        RedisServer primary = group.lockPrimary();
        if (lagging) {
            group.replicasOf(primary).forEach(RedisServer::pause);
            primary.command("CLIENT", "KILL", "TYPE", "replica");
        }
        String frozen = holderAfterCut(deployment, names, targets);
        WorkerProcess holder = frozen == null ? null : deployment.worker(frozen);
        // The frozen holder's lease was granted before this line; the checker counts a lease whose life overlaps the
        // fault as exposed to it.
        int id = deployment.faults().begin(kind() + " " + (holder == null ? "none" : holder.name()) + " node:"
                + primary.port() + " " + Fault.FAILOVER);
        Map<String, Long> holdsBefore = new HashMap<>();
        for (String other : deployment.workerNames()) {
            if (!other.equals(frozen)) {
                holdsBefore.put(other, deployment.worker(other).holds());
            }
        }
        long frozenAt = System.nanoTime();
        if (holder != null) {
            holder.pause();
        }
        try {
            group.killPrimary(primary); // resumes paused replicas right after the kill
            long deadline = frozenAt + deployment.spec().lease().multipliedBy(3).dividedBy(4).toNanos();
            while (holder != null && System.nanoTime() < deadline && !anotherHeld(deployment, holdsBefore)) {
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            if (holder != null) {
                holder.resume();
                targets.release(List.of(frozen));
            }
            deployment.faults().end(id);
        }
        group.rejoin(primary);
    }

    /**
     * The first worker (in {@code names} order) caught mid-section in a critical section granted after the replicas
     * were cut off, claimed; null if none was (with {@code replicaAcks} nothing is granted while they are). A worker's
     * first slow section may have been granted just before the cut (and so be on the replicas); the lock is
     * exclusive, so its next one was granted after that one ended: that is the one to freeze.
     */
    private static String holderAfterCut(Deployment deployment, List<String> names, Targets targets)
            throws InterruptedException {
        for (String name : names) {
            if (!targets.claim(List.of(name))) {
                continue;
            }
            WorkerProcess worker = deployment.worker(name);
            if (worker.awaitSlowHold(HOLD_WAIT) && worker.awaitSlowHold(HOLD_WAIT)) {
                return name;
            }
            targets.release(List.of(name));
        }
        return null;
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
