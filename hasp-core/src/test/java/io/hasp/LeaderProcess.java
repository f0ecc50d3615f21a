package io.hasp;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM for tests: campaigns in an election with a watchdog lease, says "LEADER epoch" on stdout once elected,
 * then leads until killed. With a fourth argument "report" it also checks {@code isLeader()} every 2 ms and prints
 * "LEADING epoch t" for each check that said yes (t: {@code System.nanoTime()} after the check, on the machine-wide
 * monotonic clock), and "REVOKED epoch" when it hears of the loss. Arguments: Redis URI, election name, watchdog
 * lease in ms, optional "report".
 */
public final class LeaderProcess {
    private LeaderProcess() {
    }

    public static void main(String[] args) throws Exception {
        LockOptions options = LockOptions.builder().watchdog(Duration.ofMillis(Long.parseLong(args[2]))).build();
        Hasp hasp = Hasp.builder().uri(args[0]).defaultOptions(options).build();
        LeaderElection election = hasp.leaderElection(args[1]);
        Leadership term = election.campaign(new LeadershipListener() {
            @Override
            public void revoked(Leadership lost, LockLostException reason) {
                System.out.println("REVOKED " + lost.epoch());
                System.out.flush();
            }
        }).toCompletableFuture().join();
        System.out.println("LEADER " + term.epoch());
        System.out.flush();
        boolean report = args.length > 3 && "report".equals(args[3]);
        while (true) {
            if (report && election.isLeader()) {
                long checkedAt = System.nanoTime();
                System.out.println("LEADING " + term.epoch() + " " + checkedAt);
                System.out.flush();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
