package io.hasp.bench;

/** What a contended worker does while it holds the lock. Implementations are thread-safe. */
interface CriticalSection {

    /** Runs one section; call only while holding the lock. */
    void run();
}
