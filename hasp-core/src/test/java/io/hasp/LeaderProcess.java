package io.hasp;

import java.time.Duration;

/**
 * A child JVM for tests: campaigns in an election with a watchdog lease, says "LEADER epoch" on stdout once elected,
 * then leads until killed. Arguments: Redis URI, election name, watchdog lease in ms.
 */
public final class LeaderProcess {
    private LeaderProcess() {
    }

    public static void main(String[] args) throws Exception {
        LockOptions options = LockOptions.builder().watchdog(Duration.ofMillis(Long.parseLong(args[2]))).build();
        Hasp hasp = Hasp.builder().uri(args[0]).defaultOptions(options).build();
        Leadership term = hasp.leaderElection(args[1]).campaign().toCompletableFuture().join();
        System.out.println("LEADER " + term.epoch());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
