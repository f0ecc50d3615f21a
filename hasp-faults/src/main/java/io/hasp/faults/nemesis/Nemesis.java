package io.hasp.faults.nemesis;

import java.util.Random;

/**
 * One kind of fault. A nemesis picks its target with the random source it is given (so a seed replays the same
 * choices), claims it in {@link Targets}, injects the fault, logs it in the deployment's {@link FaultLog}, heals it,
 * and releases the target. Implementations are stateless and thread-safe.
 */
public interface Nemesis {

    /** The fault kind, as it appears in histories and reports, e.g. {@code pause-holder}. */
    String kind();

    /**
     * Injects one fault and heals it, blocking meanwhile.
     *
     * @return false, having done nothing, if every possible target is busy with another fault
     */
    boolean strike(Deployment deployment, Targets targets, Random random) throws InterruptedException;
}
