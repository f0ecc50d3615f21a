package io.hasp;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM for tests: campaigns in an election with a watchdog lease and says "LEADER epoch t" on stdout each
 * time it is elected (t: {@code System.nanoTime()} when it heard, on the machine-wide monotonic clock), and
 * "REVOKED epoch" when it hears of a loss (after which it campaigns again), until killed. With a fourth argument
 * "report" it also checks its leadership every 2 ms and prints "LEADING epoch t" for each check that found it valid
 * (t taken after the check). Arguments: Redis URI, election name, watchdog lease in ms, optional "report".
 */
public final class LeaderProcess {
    private LeaderProcess() {
    }

    public static void main(String[] args) throws Exception {
        LockOptions options = LockOptions.builder().watchdog(Duration.ofMillis(Long.parseLong(args[2]))).build();
        Hasp hasp = Hasp.builder().uri(args[0]).defaultOptions(options)
                .connectTimeout(Duration.ofSeconds(60)).build(); // a child JVM on a loaded test machine starts slowly
        LeaderElection election = hasp.leaderElection(args[1]);
        election.campaign(new LeadershipListener() {
            @Override
            public void elected(Leadership term) {
                System.out.println("LEADER " + term.epoch() + " " + System.nanoTime());
                System.out.flush();
            }

            @Override
            public void revoked(Leadership lost, LockLostException reason) {
                System.out.println("REVOKED " + lost.epoch());
                System.out.flush();
            }
        });
        boolean report = args.length > 3 && "report".equals(args[3]);
        while (true) {
            Optional<Leadership> term = report ? election.leadership() : Optional.empty();
            if (term.isPresent()) {
                long checkedAt = System.nanoTime();
                System.out.println("LEADING " + term.get().epoch() + " " + checkedAt);
                System.out.flush();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
