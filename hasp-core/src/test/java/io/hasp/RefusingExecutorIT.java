package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The futures of the async calls and the leadership calls run on the client's executor; an executor that refuses work
 * (shut down, or saturated with an abort policy) must not leave futures incomplete forever, with a lease nobody can
 * reach, nor silence later calls.
 */
@ExtendWith(RedisServerExtension.class)
class RefusingExecutorIT {
    @Test
    void asyncCallsCompleteEvenWhenTheExecutorRefusesWork(RedisServer redis) throws Exception {
        Duration bound = Timing.scaled(Duration.ofSeconds(5));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).executor(executor).build()) {
            executor.shutdown();
            Lease lease = hasp.lock("refusing").acquireAsync(Duration.ofSeconds(1))
                    .get(bound.toMillis(), TimeUnit.MILLISECONDS);
            lease.extendAsync(Duration.ofSeconds(40)).get(bound.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(lease.releaseAsync().get(bound.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(redis.command("EXISTS", "hasp:{refusing}")).isEqualTo(0L);
        }
    }

    /**
     * An elected call the executor refused was lost: the participant held the leadership, renewed, while its
     * application never heard it leads. Now it steps down and campaigns again, and once the executor takes calls
     * again its listener hears of the term it holds.
     */
    @Test
    void aParticipantWhoseElectedCallWasRefusedIsToldOnceTheExecutorTakesCallsAgain(RedisServer redis)
            throws Exception {
        Duration bound = Timing.scaled(Duration.ofSeconds(10));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AtomicBoolean refusing = new AtomicBoolean(true);
        BlockingQueue<Leadership> elected = new LinkedBlockingQueue<>();
        try (CapturedLogs logs = new CapturedLogs();
                Hasp hasp = Hasp.builder().uri(redis.uri()).executor(switchable(refusing, pool)).build();
                LeaderElection participant = hasp.leaderElection("refused")) {
            participant.campaign(recording(elected, new LinkedBlockingQueue<>()));
            Timing.await("elected while the executor refuses", bound, () -> electedWhileRefused(participant, logs));
            refusing.set(false);

            Leadership term = elected.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(term).as("the listener hears of the term it holds").isNotNull();
            assertThat(term.isValid()).isTrue();
            assertThat(participant.leadership()).containsSame(term);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A participant that cannot tell its application it leads does not keep the leadership from the others: it held
     * it (renewed) for as long as its executor refused, and the other participant waited all that time.
     */
    @Test
    void aParticipantWhoseElectedCallIsRefusedStepsDownSoAnotherLeads(RedisServer redis) throws Exception {
        Duration bound = Timing.scaled(Duration.ofSeconds(10));
        Executor refusing = task -> {
            throw new RejectedExecutionException("saturated");
        };
        BlockingQueue<Leadership> refusedTold = new LinkedBlockingQueue<>();
        BlockingQueue<Leadership> otherTold = new LinkedBlockingQueue<>();
        try (CapturedLogs logs = new CapturedLogs();
                Hasp refusingClient = Hasp.builder().uri(redis.uri()).executor(refusing).build();
                Hasp otherClient = Hasp.builder().uri(redis.uri()).build();
                LeaderElection first = refusingClient.leaderElection("stepping-down");
                LeaderElection second = otherClient.leaderElection("stepping-down")) {
            first.campaign(recording(refusedTold, new LinkedBlockingQueue<>()));
            Timing.await("the first participant elected", bound, () -> electedWhileRefused(first, logs));
            second.campaign(recording(otherTold, new LinkedBlockingQueue<>()));

            Leadership term = otherTold.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(term).as("the other participant is elected").isNotNull();
            assertThat(term.isValid()).isTrue();
            assertThat(first.isLeader()).isFalse();
            assertThat(refusedTold).isEmpty();
        }
    }

    /**
     * A revoked call the executor refused was lost: the application, told it was elected, went on believing it led.
     * Now it is offered again until the executor takes it.
     */
    @Test
    void aRevokedCallTheExecutorRefusedIsDeliveredOnceItTakesCallsAgain(RedisServer redis) throws Exception {
        Duration bound = Timing.scaled(Duration.ofSeconds(10));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AtomicBoolean refusing = new AtomicBoolean(false);
        BlockingQueue<Leadership> elected = new LinkedBlockingQueue<>();
        BlockingQueue<Leadership> revoked = new LinkedBlockingQueue<>();
        LockOptions renewedOften = LockOptions.builder().watchdog(Duration.ofSeconds(1)).build();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).executor(switchable(refusing, pool)).build();
                LeaderElection participant = hasp.leaderElection("revoked", renewedOften)) {
            participant.campaign(recording(elected, revoked));
            Leadership first = elected.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(first).isNotNull();
            refusing.set(true);
            redis.command("DEL", "hasp:{revoked}:leader");
            Timing.await("the loss noticed", bound, () -> !first.isValid());
            assertThat(revoked.poll(100, TimeUnit.MILLISECONDS)).as("not told while the executor refuses").isNull();
            refusing.set(false);

            Leadership lost = revoked.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(lost).as("the revoked call arrives").isSameAs(first);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Whether {@code participant}'s client has handled a grant while its executor refused calls: it leads (as it did
     * before, untold), or it stepped down.
     */
    private static boolean electedWhileRefused(LeaderElection participant, CapturedLogs logs) {
        return participant.isLeader() || logs.lines().stream().anyMatch(line -> line.startsWith("WARN ")
                && line.contains("election '" + participant.name() + "'") && line.contains("stepping down"));
    }

    /** Runs tasks on {@code pool}, or refuses them (an abort policy's answer) while {@code refusing}. */
    private static Executor switchable(AtomicBoolean refusing, Executor pool) {
        return task -> {
            if (refusing.get()) {
                throw new RejectedExecutionException("saturated");
            }
            pool.execute(task);
        };
    }

    private static LeadershipListener recording(BlockingQueue<Leadership> elected,
            BlockingQueue<Leadership> revoked) {
        return new LeadershipListener() {
            @Override
            public void elected(Leadership term) {
                elected.add(term);
            }

            @Override
            public void revoked(Leadership term, LockLostException reason) {
                revoked.add(term);
            }
        };
    }
}
