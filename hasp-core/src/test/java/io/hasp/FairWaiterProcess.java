package io.hasp;

import java.time.Duration;

/**
 * A child JVM for tests: waits for a fair lock with a short heartbeat window, to be killed while queued.
 * Arguments: Redis URI, lock name, heartbeat window in ms.
 */
public final class FairWaiterProcess {
    private FairWaiterProcess() {
    }

    public static void main(String[] args) throws Exception {
        LockOptions options = LockOptions.builder()
                .waiterHeartbeat(Duration.ofMillis(Long.parseLong(args[2]))).build();
        Hasp hasp = Hasp.builder().uri(args[0]).defaultOptions(options).build();
        Lease lease = hasp.fairLock(args[1]).acquire(Duration.ofMinutes(1));
        System.out.println("HELD " + lease.fencingToken());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
