package io.hasp.demo;

import io.hasp.LockOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The lock flags that {@code hasp demo}, {@code hasp serve} and the service share, with their one default each. A
 * picocli mixin; {@link #check} adds the limits a parser cannot know. Mutable only while picocli fills it.
 */
public final class LockFlags {
    static final Duration MAX_LOCK_WAIT = Duration.ofHours(1);

    @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "30s", converter = Durations.Converter.class,
            description = "How long a request waits for the lock before answering 409; default: ${DEFAULT-VALUE}.")
    Duration lockWait;

    @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "5s", converter = Durations.Converter.class,
            description = "The lock's lease time (fixed, no watchdog, so it is a knob to turn); default:"
                    + " ${DEFAULT-VALUE}.")
    Duration lease;

    /**
     * Checks what the parser cannot: the lock wait's upper limit and the library's lease limits, each reported in the
     * units people type.
     *
     * @throws ConfigException naming the flag and the value
     */
    public LockFlags check() {
        if (lockWait.compareTo(MAX_LOCK_WAIT) > 0) {
            throw new ConfigException("--lock-wait must be at most " + Durations.format(MAX_LOCK_WAIT) + ", got "
                    + Durations.format(lockWait));
        }
        if (lease.compareTo(LockOptions.MIN_LEASE_TIME) < 0) {
            throw new ConfigException("--lease must be at least " + Durations.format(LockOptions.MIN_LEASE_TIME)
                    + ", got " + Durations.format(lease));
        }
        if (lease.compareTo(LockOptions.MAX_LEASE_TIME) > 0) {
            throw new ConfigException("--lease must be at most " + Durations.format(LockOptions.MAX_LEASE_TIME)
                    + ", got " + Durations.format(lease));
        }
        return this;
    }

    public Duration lockWait() {
        return lockWait;
    }

    public Duration lease() {
        return lease;
    }
}
