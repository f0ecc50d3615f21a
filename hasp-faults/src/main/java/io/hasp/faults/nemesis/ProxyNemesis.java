package io.hasp.faults.nemesis;

import io.hasp.testkit.FaultProxy;
import java.time.Duration;
import java.util.Random;

/**
 * Network faults between one worker and every lock server, through that worker's fault proxies (the resource stays
 * reachable: the worst case for fencing, where a holder cut off from the lock can still write).
 */
final class ProxyNemesis extends WorkerNemesis {
    /** Latency added each way by {@link Mode#SLOW}: below the command timeout, so commands get slow, not lost. */
    static final Duration LATENCY = Duration.ofMillis(80);

    /** The three proxy faults. */
    enum Mode {
        /** Silent partition for longer than the lease time: bytes held, nothing closed. */
        PARTITION("partition-worker"),
        /** Every open connection reset at once; the client reconnects. */
        CUT("cut-worker"),
        /** Latency on every chunk in both directions for a while. */
        SLOW("slow-worker");

        private final String kind;

        Mode(String kind) {
            this.kind = kind;
        }
    }

    private final Mode mode;

    ProxyNemesis(Mode mode) {
        this.mode = mode;
    }

    @Override
    public String kind() {
        return mode.kind;
    }

    @Override
    void hit(Deployment deployment, String name, Random random) throws InterruptedException {
        int id = deployment.faults().begin(kind() + " " + deployment.worker(name).name());
        try {
            switch (mode) {
                case PARTITION -> {
                    deployment.proxiesOf(name).forEach(p -> p.blackhole(true));
                    Thread.sleep(deployment.spec().faultLength().toMillis());
                }
                case CUT -> deployment.proxiesOf(name).forEach(FaultProxy::cutConnections);
                case SLOW -> {
                    deployment.proxiesOf(name).forEach(p -> p.latency(LATENCY));
                    Thread.sleep(deployment.spec().faultLength().toMillis());
                }
                default -> throw new IllegalStateException("unknown mode " + mode);
            }
        } finally {
            deployment.proxiesOf(name).forEach(FaultProxy::reset);
            deployment.faults().end(id);
        }
    }
}
