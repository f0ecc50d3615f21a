package io.hasp.faults.history;

import java.util.List;

/**
 * The merged events of one run. Immutable.
 *
 * @param events every event, each process's events in the order it logged them
 * @param tornLines lines that were not whole events (a worker killed in the middle of writing one)
 */
public record History(List<Event> events, int tornLines) {
    public History {
        events = List.copyOf(events);
    }

    public static History of(List<Event> events) {
        return new History(events, 0);
    }
}
