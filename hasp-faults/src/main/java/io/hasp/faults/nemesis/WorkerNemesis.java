package io.hasp.faults.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A nemesis that hits one worker at a time: picks a free one at random and claims it. Stateless. */
abstract class WorkerNemesis implements Nemesis {

    @Override
    public final boolean strike(Deployment deployment, Targets targets, Random random) throws InterruptedException {
        List<String> names = new ArrayList<>(deployment.workerNames());
        Collections.shuffle(names, random);
        for (String name : names) {
            List<String> claim = List.of(name);
            if (targets.claim(claim)) {
                try {
                    hit(deployment, name, random);
                } finally {
                    targets.release(claim);
                }
                return true;
            }
        }
        return false;
    }

    /** Injects and heals the fault on worker {@code name}, which this nemesis holds claimed meanwhile. */
    abstract void hit(Deployment deployment, String name, Random random) throws InterruptedException;
}
