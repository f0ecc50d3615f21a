package io.hasp.faults.check;

import io.hasp.faults.history.Event;
import io.hasp.faults.history.History;
import io.hasp.faults.history.Op;
import io.hasp.faults.history.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A history turned into operations, leases, faults and process lifetimes, ready for the checks. Events of one thread
 * are taken in the order that thread logged them; an invoke is completed by the next ok, fail or info of the same
 * operation on that thread. Immutable once built.
 */
public final class RunModel {
    private final List<Operation> operations;
    private final List<LeaseRecord> leases;
    private final List<Fault> faults;
    private final Map<String, ProcessLife> processes;
    private final List<Stall> stalls;
    private final OptionalLong finalValue;
    private final int tornLines;

    private RunModel(List<Operation> operations, List<LeaseRecord> leases, List<Fault> faults,
            Map<String, ProcessLife> processes, List<Stall> stalls, OptionalLong finalValue, int tornLines) {
        this.operations = List.copyOf(operations);
        this.leases = List.copyOf(leases);
        this.faults = List.copyOf(faults);
        this.processes = Collections.unmodifiableMap(processes);
        this.stalls = List.copyOf(stalls);
        this.finalValue = finalValue;
        this.tornLines = tornLines;
    }

    /**
     * The same run with only its exclusive leases (locks, write locks, leaders' terms): what the lock's checks judge.
     * Shared leases (readers, permits) are judged by {@link HoldersCheck}.
     */
    public RunModel exclusiveLeases() {
        return new RunModel(operations, leases.stream().filter(l -> !l.shared()).toList(), faults, processes, stalls,
                finalValue, tornLines);
    }

    public static RunModel build(History history) {
        Map<String, List<Operation>> perThread = new LinkedHashMap<>();
        Map<String, Event> open = new HashMap<>();
        Map<Integer, Event> faultStarts = new LinkedHashMap<>();
        Map<Integer, Event> faultEnds = new HashMap<>();
        Map<Integer, Long> stallStarts = new HashMap<>();
        List<Stall> stalls = new ArrayList<>();
        List<Event> lostEvents = new ArrayList<>();
        Map<String, Long> started = new LinkedHashMap<>();
        Map<String, Long> exited = new HashMap<>();
        Map<String, Long> lastSeen = new HashMap<>();
        long finalValue = -1;

        for (Event e : history.events()) {
            switch (e.op()) {
                case ACQUIRE, READ, WRITE, RELEASE -> {
                    lastSeen.merge(e.process(), e.nanos(), Math::max);
                    String key = e.process() + '/' + e.thread();
                    List<Operation> ops = perThread.computeIfAbsent(key, k -> new ArrayList<>());
                    if (e.type() == Type.INVOKE) {
                        Event previous = open.put(key, e);
                        if (previous != null) {
                            ops.add(new Operation(previous, null));
                        }
                    } else {
                        Event invoke = open.get(key);
                        if (invoke != null && invoke.op() == e.op()) {
                            open.remove(key);
                            ops.add(new Operation(invoke, e));
                        }
                    }
                }
                case LOST -> lostEvents.add(e);
                case START -> started.putIfAbsent(e.process(), e.nanos());
                case EXIT -> exited.merge(e.process(), e.nanos(), Math::min);
                case FAULT -> (e.type() == Type.INVOKE ? faultStarts : faultEnds).put(e.thread(), e);
                case FINAL -> finalValue = e.read();
                case STALL -> {
                    if (e.type() == Type.INVOKE) {
                        stallStarts.put(e.thread(), e.nanos());
                    } else if (stallStarts.containsKey(e.thread())) {
                        stalls.add(new Stall(stallStarts.remove(e.thread()), e.nanos()));
                    }
                }
                default -> throw new IllegalStateException("unknown op " + e.op());
            }
        }
        open.forEach((key, invoke) -> perThread.get(key).add(new Operation(invoke, null)));

        List<Operation> operations = new ArrayList<>();
        List<LeaseRecord> leases = new ArrayList<>();
        Map<String, LeaseRecord> byProcessAndFence = new HashMap<>();
        for (List<Operation> ops : perThread.values()) {
            ops.sort((a, b) -> Long.compare(a.invokedAt(), b.invokedAt()));
            LeaseRecord current = null;
            for (Operation op : ops) {
                operations.add(op);
                if (op.op() == Op.ACQUIRE) {
                    current = op.ok() ? new LeaseRecord(op) : null;
                    if (current != null) {
                        leases.add(current);
                        byProcessAndFence.put(current.process() + '/' + current.fence(), current);
                    }
                } else if (current != null && op.invoke().fence() == current.fence()) {
                    current.attach(op);
                }
            }
        }
        for (Event e : lostEvents) {
            LeaseRecord lease = byProcessAndFence.get(e.process() + '/' + e.fence());
            if (lease != null) {
                lease.lost(e.nanos());
            }
        }

        List<Fault> faults = new ArrayList<>();
        faultStarts.forEach((id, start) -> {
            Event end = faultEnds.get(id);
            faults.add(new Fault(id, start.detailWord(0), start.detailWord(1), start.nanos(),
                    end == null ? Long.MAX_VALUE : end.nanos(), start.detail().contains(Fault.DATA_LOSS),
                    start.detail().contains(Fault.FAILOVER)));
        });

        Map<String, ProcessLife> processes = new LinkedHashMap<>();
        started.forEach((process, at) -> {
            long killedAt = faults.stream()
                    .filter(f -> f.kind().equals(Fault.KILL_WORKER) && f.target().equals(process))
                    .mapToLong(Fault::start).min().orElse(Long.MAX_VALUE);
            long exitAt = exited.getOrDefault(process, Long.MAX_VALUE);
            if (killedAt < exitAt) {
                processes.put(process, new ProcessLife(process, at, killedAt, "killed"));
            } else if (exitAt != Long.MAX_VALUE) {
                processes.put(process, new ProcessLife(process, at, exitAt, "exit"));
            } else {
                processes.put(process, new ProcessLife(process, at, lastSeen.getOrDefault(process, at), "vanished"));
            }
        });
        return new RunModel(operations, leases, faults, processes, stalls,
                finalValue < 0 ? OptionalLong.empty() : OptionalLong.of(finalValue), history.tornLines());
    }

    /** Every worker operation (acquire, read, write, release), each thread's in invoke order. */
    public List<Operation> operations() {
        return operations;
    }

    /** Every lease that was granted (an acquire that completed ok). */
    public List<LeaseRecord> leases() {
        return leases;
    }

    public List<Fault> faults() {
        return faults;
    }

    public Map<String, ProcessLife> processes() {
        return processes;
    }

    /** Stalls of the whole host that the runner saw. */
    public List<Stall> stalls() {
        return stalls;
    }

    /** The counter's value after the run, if the runner logged it. */
    public OptionalLong finalValue() {
        return finalValue;
    }

    public int tornLines() {
        return tornLines;
    }
}
