package io.hasp.bench;

/** What a contended worker does while it holds the lock. Implementations are thread-safe. */
interface CriticalSection {

    /** Runs one section; call only while holding the lock. */
    void run();

    /** Runs one section while holding {@code held}; referees that need to know how it is held override this. */
    default void run(Held held) {
        run();
    }
}
