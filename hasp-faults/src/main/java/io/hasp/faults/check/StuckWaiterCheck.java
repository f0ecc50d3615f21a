package io.hasp.faults.check;

import io.hasp.faults.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Check 5: every acquire completes (ok, fail or info) within its wait plus a margin, counted in time its process was
 * running: time the process spent frozen by a nemesis (SIGSTOP), and time the whole host stalled (as the runner saw
 * it), are added to the deadline. An acquire is only judged if its process was still alive at the deadline; one
 * killed earlier proves nothing. Stateless.
 */
public final class StuckWaiterCheck {
    private StuckWaiterCheck() {
    }

    /**
     * @param margin how far past its wait an acquire may complete: the command timeout of its last attempt, backoff,
     *     and scheduling delays on a busy machine
     */
    public static List<Violation> check(RunModel model, Duration margin) {
        List<Violation> violations = new ArrayList<>();
        for (Operation op : model.operations()) {
            if (op.op() != Op.ACQUIRE) {
                continue;
            }
            ProcessLife life = model.processes().get(op.process());
            if (life == null) {
                continue;
            }
            long deadline = deadline(model, op, margin);
            if (op.completedAt() > deadline && life.endedAt() > deadline) {
                String late = op.completion() == null ? "never completed"
                        : "completed after " + (op.completedAt() - op.invokedAt()) / 1_000_000 + " ms";
                violations.add(new Violation(ViolationKind.STUCK_WAITER, op.process() + "/t" + op.invoke().thread()
                        + ": an acquire with a wait of " + op.invoke().waitMillis() + " ms " + late
                        + ", though its process ran until " + (life.endedAt() == Long.MAX_VALUE ? "the end"
                        : (life.endedAt() - op.invokedAt()) / 1_000_000 + " ms after the invoke")));
            }
        }
        return violations;
    }

    private static long deadline(RunModel model, Operation op, Duration margin) {
        long budget = Math.max(0, op.invoke().waitMillis()) * 1_000_000L + margin.toNanos();
        long deadline = op.invokedAt() + budget;
        for (int round = 0; round < 10; round++) {
            long frozen = 0;
            for (Fault fault : model.faults()) {
                if (fault.freezesTarget() && fault.target().equals(op.process())) {
                    frozen += overlap(fault.start(), fault.end(), op.invokedAt(), deadline);
                }
            }
            for (Stall stall : model.stalls()) {
                frozen += overlap(stall.start(), stall.end(), op.invokedAt(), deadline);
            }
            long extended = op.invokedAt() + budget + frozen;
            if (extended == deadline) {
                break;
            }
            deadline = extended;
        }
        return deadline;
    }

    private static long overlap(long start, long end, long from, long to) {
        return Math.max(0, Math.min(end, to) - Math.max(start, from));
    }
}
