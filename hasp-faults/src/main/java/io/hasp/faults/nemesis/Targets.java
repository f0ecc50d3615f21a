package io.hasp.faults.nemesis;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which workers and Redis nodes a fault is acting on right now, so that concurrent nemeses in the mixed phase never
 * hit the same target at once (a kill racing a pause of the same worker would make the history ambiguous).
 * Thread-safe: the set is only touched under this object's monitor.
 */
public final class Targets {
    private final Set<String> busy = new HashSet<>();

    /** Claims every name, or none if any is busy. */
    public synchronized boolean claim(Collection<String> names) {
        for (String name : names) {
            if (busy.contains(name)) {
                return false;
            }
        }
        busy.addAll(names);
        return true;
    }

    public synchronized void release(Collection<String> names) {
        busy.removeAll(names);
    }
}
