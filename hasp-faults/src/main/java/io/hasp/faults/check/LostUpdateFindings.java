package io.hasp.faults.check;

import java.util.List;

/**
 * What check 2 found. Immutable.
 *
 * @param violations the lost updates
 * @param appliedWrites writes known applied (ok)
 * @param indeterminateApplied writes of unknown outcome (info) that the counter shows were applied
 * @param expectedFinal the counter value the applied writes lead to
 * @param finalValue the counter value the runner read at the end, or -1 if none was logged
 */
public record LostUpdateFindings(List<Violation> violations, int appliedWrites, int indeterminateApplied,
        long expectedFinal, long finalValue) {
}
