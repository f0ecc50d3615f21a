package io.hasp;

import java.time.Duration;

/**
 * A child JVM for tests: takes a watchdog lock, says so on stdout, then holds it until killed.
 * Arguments: Redis URI, lock name, watchdog lease in ms.
 */
public final class HolderProcess {
    private HolderProcess() {
    }

    public static void main(String[] args) throws Exception {
        LockOptions options = LockOptions.builder().watchdog(Duration.ofMillis(Long.parseLong(args[2]))).build();
        Hasp hasp = Hasp.builder().uri(args[0]).defaultOptions(options).build();
        Lease lease = hasp.lock(args[1]).acquire(Duration.ofSeconds(30));
        System.out.println("HELD " + lease.fencingToken());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
