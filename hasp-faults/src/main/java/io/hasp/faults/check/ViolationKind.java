package io.hasp.faults.check;

/** The kinds of violation the checker looks for, numbered as in issues 8 and 16. Immutable. */
public enum ViolationKind {
    OVERLAP(1, "overlap", "two leases' critical sections interleaved at the resource and both writes were applied"),
    LOST_UPDATE(2, "lost-update", "an applied write did not read what the previous applied write wrote, or the "
            + "final state does not match the applied writes"),
    FENCE_ORDER(3, "fence-order", "fencing tokens did not strictly increase in the order writes were applied, or a "
            + "lease was granted a token lower than one granted before it"),
    STALE_LEASE(4, "stale-lease", "a lease claimed to be valid (remaining > 0, lost() not fired) at a moment by "
            + "which its lock had provably ended"),
    STUCK_WAITER(5, "stuck-waiter", "an acquire did not complete within its wait plus a margin while its process "
            + "was alive and running"),
    TOO_MANY_HOLDERS(6, "too-many-holders", "more leases believed themselves valid at one instant than the primitive "
            + "allows: two holders of a lock, more than N permits of a semaphore, a writer beside a reader or another "
            + "writer, or two leaders");

    private final int number;
    private final String label;
    private final String meaning;

    ViolationKind(int number, String label, String meaning) {
        this.number = number;
        this.label = label;
        this.meaning = meaning;
    }

    public int number() {
        return number;
    }

    public String label() {
        return label;
    }

    public String meaning() {
        return meaning;
    }
}
