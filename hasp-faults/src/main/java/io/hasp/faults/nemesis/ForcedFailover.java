package io.hasp.faults.nemesis;

import io.hasp.faults.check.Fault;
import io.hasp.testkit.RedisServer;
import java.util.List;
import java.util.Random;

/**
 * A failover asked for by the operator: {@code CLUSTER FAILOVER} on a replica of the lock's primary (which first
 * catches up with the primary, so no acknowledged write is lost) or {@code SENTINEL FAILOVER} (which promotes a
 * replica while the old primary still takes writes, so it is logged as a failover that may lose writes). Claims the
 * group.
 */
final class ForcedFailover implements Nemesis {

    @Override
    public String kind() {
        return "failover";
    }

    @Override
    public boolean strike(Deployment deployment, Targets targets, Random random) {
        List<String> claim = List.of(FailoverGroup.TARGET);
        if (!targets.claim(claim)) {
            return false;
        }
        try {
            FailoverGroup group = deployment.failoverGroup();
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
        } finally {
            targets.release(claim);
        }
        return true;
    }
}
