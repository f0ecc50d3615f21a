package io.hasp.faults.nemesis;

import java.util.List;
import java.util.Random;

/**
 * A nemesis that acts on the replicated lock servers as a whole: claims {@link FailoverGroup#TARGET}, so that only one
 * such fault acts on the group at a time, and hits it. Stateless.
 */
abstract class GroupNemesis implements Nemesis {

    @Override
    public final boolean strike(Deployment deployment, Targets targets, Random random) {
        List<String> claim = List.of(FailoverGroup.TARGET);
        if (!targets.claim(claim)) {
            return false;
        }
        try {
            hit(deployment, deployment.failoverGroup(), random);
        } finally {
            targets.release(claim);
        }
        return true;
    }

    /** Injects the fault, logs it in the deployment's fault log, and waits until the group is whole again. */
    abstract void hit(Deployment deployment, FailoverGroup group, Random random);
}
