/**
 * The history checker: builds operations and leases from merged histories and looks for the five kinds of violation
 * (overlapping critical sections, lost updates, fencing-token disorder, stale lease claims, stuck waiters), handling
 * indeterminate outcomes as Jepsen does. Also the summary table and recovery times. No I/O except
 * {@link io.hasp.faults.check.CheckMain}.
 */
package io.hasp.faults.check;
