package io.hasp.faults.nemesis;

import io.hasp.faults.check.Fault;
import io.hasp.testkit.RedisServer;
import java.util.Random;

/**
 * A failover asked for by the operator: {@code CLUSTER FAILOVER} on a replica of the lock's primary (which first
 * catches up with the primary, so no acknowledged write is lost) or {@code SENTINEL FAILOVER} (which promotes a
 * replica while the old primary still takes writes, so it is logged as a failover that may lose writes). Claims the
 * group.
 */
final class ForcedFailover extends GroupNemesis {

    @Override
    public String kind() {
        return "failover";
    }

    @Override
    void hit(Deployment deployment, FailoverGroup group, Random random) {
        RedisServer primary = group.lockPrimary();
        int id = deployment.faults().begin(kind() + " node:" + primary.port()
                + (group.forcedFailoverKeepsWrites() ? "" : " " + Fault.FAILOVER));
        try {
            group.forceFailover();
            group.rejoin(primary);
        } finally {
            // Only now: until it is a replica, the old primary may still grant what the new one never sees.
            deployment.faults().end(id);
        }
    }
}
