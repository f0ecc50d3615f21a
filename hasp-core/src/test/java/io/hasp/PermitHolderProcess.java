package io.hasp;

import java.time.Duration;

/**
 * A child JVM for tests: takes permits of a semaphore with a watchdog lease, says "HELD fence" on stdout, then holds
 * them until killed. Arguments: Redis URI, semaphore name, its permit count, permits to take, watchdog lease in ms.
 */
public final class PermitHolderProcess {
    private PermitHolderProcess() {
    }

    public static void main(String[] args) throws Exception {
        LockOptions options = LockOptions.builder().watchdog(Duration.ofMillis(Long.parseLong(args[4]))).build();
        Hasp hasp = Hasp.builder().uri(args[0]).defaultOptions(options)
                .connectTimeout(Duration.ofSeconds(60)).build(); // a child JVM on a loaded test machine starts slowly
        Lease lease = hasp.semaphore(args[1], Integer.parseInt(args[2]))
                .acquire(Integer.parseInt(args[3]), Duration.ofSeconds(30));
        System.out.println("HELD " + lease.fencingToken());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
