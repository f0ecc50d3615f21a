package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Leader election on one Redis: one leader at a time, increasing epochs, loss noticed, a dead leader replaced. */
class LeaderElectionIT {
    private static final LockOptions SHORT = LockOptions.builder().watchdog(Duration.ofMillis(1_500)).build();

    private static Hasp connect(RedisServer redis) {
        return Hasp.builder().uri(redis.uri()).defaultOptions(SHORT).build();
    }

    /** What a participant's listener saw, for the referee. */
    private record Event(LeaderElection who, Leadership term) {
    }

    @Test
    void oneLeaderAtATimeWithIncreasingEpochsOverManyResignations() throws Exception {
        int rounds = 30;
        List<Hasp> clients = new ArrayList<>();
        List<LeaderElection> participants = new ArrayList<>();
        AtomicReference<LeaderElection> referee = new AtomicReference<>();
        AtomicInteger overlaps = new AtomicInteger();
        BlockingQueue<Event> elected = new LinkedBlockingQueue<>();
        try (RedisServer redis = RedisServer.start()) {
            for (int c = 0; c < 3; c++) {
                clients.add(connect(redis));
            }
            LeadershipListener[] listeners = new LeadershipListener[6];
            for (int p = 0; p < 6; p++) {
                LeaderElection participant = clients.get(p % 3).leaderElection("jobs");
                participants.add(participant);
                listeners[p] = new LeadershipListener() {
                    @Override
                    public void elected(Leadership term) {
                        if (!referee.compareAndSet(null, participant)) {
                            overlaps.incrementAndGet();
                        }
                        elected.add(new Event(participant, term));
                    }
                };
                participant.campaign(listeners[p]);
            }
            long lastEpoch = 0;
            LeaderElection resigned = null;
            for (int round = 0; round < rounds; round++) {
                Event event = elected.poll(Timing.scaled(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS);
                assertThat(event).as("someone elected in round %d", round).isNotNull();
                assertThat(event.term().epoch()).isGreaterThan(lastEpoch);
                lastEpoch = event.term().epoch();
                assertThat(event.who()).isNotSameAs(resigned); // the resigner was out of the race
                assertThat(participants.stream().filter(LeaderElection::isLeader).count()).isEqualTo(1);
                if (resigned != null) {
                    resigned.campaign(listeners[participants.indexOf(resigned)]);
                }
                referee.set(null); // the leader steps down in the referee's eyes before it releases
                event.who().resign();
                assertThat(event.who().isLeader()).isFalse();
                resigned = event.who();
            }
            assertThat(overlaps).hasValue(0);
        } finally {
            participants.forEach(LeaderElection::close);
            clients.forEach(Hasp::close);
        }
    }

    @Test
    void aDeletedKeyRevokesLeadershipAndTheParticipantIsElectedAgain() throws Exception {
        try (RedisServer redis = RedisServer.start(); Hasp hasp = connect(redis);
                LeaderElection participant = hasp.leaderElection("deleted")) {
            BlockingQueue<LockLostException> revoked = new LinkedBlockingQueue<>();
            BlockingQueue<Leadership> elected = new LinkedBlockingQueue<>();
            participant.campaign(new LeadershipListener() {
                @Override
                public void elected(Leadership term) {
                    elected.add(term);
                }

                @Override
                public void revoked(Leadership term, LockLostException reason) {
                    revoked.add(reason);
                }
            });
            long wait = Timing.scaled(Duration.ofSeconds(5)).toMillis();
            Leadership first = elected.poll(wait, TimeUnit.MILLISECONDS);
            assertThat(first).isNotNull();
            assertThat(participant.isLeader()).isTrue();

            assertThat(redis.command("DEL", "hasp:{deleted}:leader")).isEqualTo(1L);
            assertThat(revoked.poll(wait, TimeUnit.MILLISECONDS)).as("revocation").isNotNull();
            assertThat(first.isValid()).isFalse();
            assertThatThrownBy(first::checkValid).isInstanceOf(LockLostException.class);
            assertThat(first.revoked().toCompletableFuture()).isDone();

            Leadership second = elected.poll(wait, TimeUnit.MILLISECONDS);
            assertThat(second).as("campaigns again after a loss").isNotNull();
            assertThat(second.epoch()).isGreaterThan(first.epoch());
        }
    }

    @Test
    void aKilledLeaderIsReplacedWithinOneLeaseTime() throws Exception {
        long leaseMillis = 1_500;
        try (RedisServer redis = RedisServer.start(); Hasp hasp = connect(redis);
                LeaderElection participant = hasp.leaderElection("killed")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process leader = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    LeaderProcess.class.getName(), redis.uri(), "killed", Long.toString(leaseMillis)))
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(
                        new InputStreamReader(leader.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("LEADER")) {
                    // skip the child's log lines until it leads
                }
                assertThat(line).as("child reported leading").startsWith("LEADER");
                long childEpoch = Long.parseLong(line.split(" ")[1]);
                var elected = participant.campaign().toCompletableFuture();
                assertThat(participant.isLeader()).isFalse();

                long killedAt = System.nanoTime();
                leader.destroyForcibly().waitFor();
                Leadership term = elected.get(Timing.scaled(Duration.ofSeconds(10)).toMillis(),
                        TimeUnit.MILLISECONDS);
                long took = System.nanoTime() - killedAt;
                assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofMillis(leaseMillis)
                        .plus(Timing.scaled(Duration.ofMillis(500))));
                assertThat(term.epoch()).isGreaterThan(childEpoch);
                assertThat(participant.isLeader()).isTrue();
            } finally {
                leader.destroyForcibly();
            }
        }
    }

    /**
     * A leader stopped with SIGSTOP past its lease is replaced; once resumed, it never again believes it leads at an
     * instant after the new leader was elected. Both processes read the same machine-wide monotonic clock
     * ({@code System.nanoTime()} is CLOCK_MONOTONIC on Linux), so their instants compare directly.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aPausedLeaderStopsBelievingItLeadsBeforeTheNextIsElected() throws Exception {
        long leaseMillis = 1_000;
        try (RedisServer redis = RedisServer.start(); Hasp hasp = connect(redis);
                LeaderElection participant = hasp.leaderElection("paused")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process leader = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    LeaderProcess.class.getName(), redis.uri(), "paused", Long.toString(leaseMillis), "report"))
                    .redirectErrorStream(true).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(leader.getInputStream(),
                    StandardCharsets.UTF_8)).lines().forEach(lines::add));
            reader.setDaemon(true);
            reader.start();
            try {
                long wait = Timing.scaled(Duration.ofSeconds(20)).toMillis();
                String line;
                do {
                    line = lines.poll(wait, TimeUnit.MILLISECONDS);
                } while (line != null && !line.startsWith("LEADING"));
                assertThat(line).as("child leads and reports it").isNotNull();
                AtomicLong electedAt = new AtomicLong();
                var elected = participant.campaign(new LeadershipListener() {
                    @Override
                    public void elected(Leadership term) {
                        electedAt.set(System.nanoTime());
                    }
                }).toCompletableFuture();

                signal("-STOP", leader);
                Leadership term = elected.get(wait, TimeUnit.MILLISECONDS);
                signal("-CONT", leader);
                long childEpoch = 0;
                long lastLeading = 0;
                do {
                    line = lines.poll(wait, TimeUnit.MILLISECONDS);
                    if (line != null && line.startsWith("LEADING ")) {
                        String[] parts = line.split(" ");
                        childEpoch = Long.parseLong(parts[1]);
                        lastLeading = Math.max(lastLeading, Long.parseLong(parts[2]));
                    }
                } while (line != null && !line.startsWith("REVOKED"));
                assertThat(line).as("the resumed child hears of its loss").isNotNull();
                assertThat(term.epoch()).isGreaterThan(childEpoch);
                assertThat(electedAt.get()).isPositive();
                assertThat(lastLeading).as("the child's last 'I lead' is before the new leader's election")
                        .isLessThan(electedAt.get());
            } finally {
                leader.destroyForcibly();
            }
        }
    }

    private static void signal(String signal, Process process) throws Exception {
        assertThat(new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor()).isZero();
    }

    @Test
    void badInputIsRefusedAndWritesNothing() {
        try (RedisServer redis = RedisServer.start(); Hasp hasp = connect(redis)) {
            assertThatThrownBy(() -> hasp.leaderElection(null)).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> hasp.leaderElection(" ")).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> hasp.leaderElection("a{b}")).isInstanceOf(HaspArgumentException.class);
            assertThatThrownBy(() -> hasp.leaderElection("fixed", LockOptions.builder()
                    .leaseTime(Duration.ofSeconds(5)).build()))
                    .isInstanceOf(HaspArgumentException.class).hasMessageContaining("watchdog");
            assertThatThrownBy(() -> hasp.leaderElection("x", null)).isInstanceOf(HaspArgumentException.class);
            LeaderElection participant = hasp.leaderElection("x");
            assertThatThrownBy(() -> participant.campaign(null)).isInstanceOf(HaspArgumentException.class);
            participant.close();
            assertThatThrownBy(participant::campaign).isInstanceOf(HaspException.class);
            assertThat(redis.command("DBSIZE")).isEqualTo(0L);
        }
    }

    @Test
    void resigningBeforeElectionFailsTheStageAndHandsNothingOver() throws Exception {
        try (RedisServer redis = RedisServer.start(); Hasp hasp = connect(redis);
                LeaderElection leader = hasp.leaderElection("queue");
                LeaderElection waiter = hasp.leaderElection("queue")) {
            leader.campaign().toCompletableFuture().get(Timing.scaled(Duration.ofSeconds(5)).toMillis(),
                    TimeUnit.MILLISECONDS);
            var pending = waiter.campaign().toCompletableFuture();
            waiter.resign();
            assertThatThrownBy(() -> pending.get(Timing.scaled(Duration.ofSeconds(5)).toMillis(),
                    TimeUnit.MILLISECONDS)).hasCauseInstanceOf(HaspException.class);
            assertThat(leader.isLeader()).isTrue();
            assertThat(waiter.isLeader()).isFalse();
        }
    }
}
