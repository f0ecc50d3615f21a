package io.hasp.faults.check;

/**
 * When one worker process lived. Immutable.
 *
 * @param process the worker incarnation, e.g. {@code w2.1}
 * @param startedAt its start event
 * @param endedAt when it exited, was killed, or (if neither was logged) its last event
 * @param ending how it ended: {@code exit}, {@code killed}, or {@code vanished} (no exit and no kill were logged)
 */
public record ProcessLife(String process, long startedAt, long endedAt, String ending) {
}
