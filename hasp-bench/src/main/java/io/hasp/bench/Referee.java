package io.hasp.bench;

/**
 * The critical section of a contended scenario that also judges what it saw: whether the primitive under test kept
 * its promise (one holder, at most N holders, no writer beside anyone) in every section of one measured run.
 * Thread-safe.
 */
interface Referee extends CriticalSection {

    /** Whether every section so far kept the promise. */
    boolean held();

    /** What was seen, for the report of a broken run: overlaps and counters. */
    String findings();
}
