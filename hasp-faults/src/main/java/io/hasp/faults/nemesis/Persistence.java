package io.hasp.faults.nemesis;

import io.hasp.testkit.RedisServer;

/** How the lock servers persist data, which decides what a restart costs. Immutable. */
public enum Persistence {
    /** Nothing is persisted: a restart forgets every lock, so two holders can overlap (the fence must still hold). */
    NONE,
    /** AOF with {@code appendfsync always}: every acknowledged write survives a crash; no lock is ever granted twice. */
    AOF_ALWAYS;

    void configure(RedisServer.Builder builder) {
        if (this == AOF_ALWAYS) {
            builder.config("appendonly", "yes").config("appendfsync", "always");
        }
    }

    /** Whether a restart throws acknowledged writes away. */
    public boolean restartLosesData() {
        return this == NONE;
    }
}
