package io.hasp.faults.nemesis;

import io.hasp.faults.check.Fault;
import io.hasp.testkit.RedisServer;
import java.util.Random;

/**
 * SIGSTOP of the lock's primary until a replica is elected in its place, then SIGCONT: the old primary wakes up with
 * commands queued on its connections, finds itself demoted and becomes a replica. Meanwhile every command to it times
 * out, and its last writes may not have reached the replica, so the fault is logged as a failover that may lose
 * writes. Claims the group.
 */
final class PausePrimary extends GroupNemesis {

    @Override
    public String kind() {
        return "pause-primary";
    }

    @Override
    void hit(Deployment deployment, FailoverGroup group, Random random) {
        RedisServer primary = group.lockPrimary();
        int id = deployment.faults().begin(kind() + " node:" + primary.port() + " " + Fault.FAILOVER);
        primary.pause();
        try {
            group.awaitReplaced(primary);
        } finally {
            primary.resume();
        }
        try {
            group.rejoin(primary);
        } finally {
            // Only now: until it is a replica, the woken primary may still grant what the new one never sees.
            deployment.faults().end(id);
        }
    }
}
