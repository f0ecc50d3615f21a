package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.Timing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Leader election across several participant processes, over a run of several terms in which each leader is paused
 * with SIGSTOP past its lease and then resumed, ending with a SIGKILL of the leader. Every participant reports each
 * election and every instant it believed it led, on the machine-wide monotonic clock ({@code System.nanoTime()} is
 * CLOCK_MONOTONIC on Linux), so the beliefs of different processes compare directly.
 */
@EnabledOnOs(OS.LINUX)
class LeaderProcessesIT {
    private static final int PARTICIPANTS = 3;
    private static final int PAUSES = 4;
    private static final long LEASE_MILLIS = 2_000;

    /** One line a participant printed, with its index. */
    private record Report(int participant, String line) {
        String[] parts() {
            return line.split(" ");
        }
    }

    @Test
    void atMostOneLeaderAtATimeEpochsIncreaseAndAKilledLeaderIsReplacedWithinOneLease() throws Exception {
        long wait = Timing.scaled(Duration.ofSeconds(20)).toMillis();
        List<Process> participants = new ArrayList<>();
        BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
        List<Report> seen = new ArrayList<>();
        try (RedisServer redis = RedisServer.start()) {
            for (int i = 0; i < PARTICIPANTS; i++) {
                participants.add(start(redis, i, reports));
            }
            // Three JVMs starting at once on a loaded machine: the first election may take a while.
            Report leader = nextElection(reports, seen, 0, Timing.scaled(Duration.ofSeconds(60)).toMillis());
            for (int pause = 0; pause < PAUSES; pause++) {
                long epoch = Long.parseLong(leader.parts()[1]);
                Process paused = participants.get(leader.participant());
                signal("-STOP", paused);
                Report next = nextElection(reports, seen, epoch, wait);
                signal("-CONT", paused);
                assertThat(next.participant()).as("a stopped participant is not elected").isNotEqualTo(
                        leader.participant());
                leader = next;
            }
            long killedAt = System.nanoTime();
            participants.get(leader.participant()).destroyForcibly().waitFor(); // SIGKILL
            Report replacement = nextElection(reports, seen, Long.parseLong(leader.parts()[1]), wait);
            assertThat(Duration.ofNanos(Long.parseLong(replacement.parts()[2]) - killedAt))
                    .as("new leader after the kill")
                    .isLessThan(Duration.ofMillis(LEASE_MILLIS).plus(Timing.scaled(Duration.ofMillis(500))));
        } finally {
            participants.forEach(Process::destroyForcibly);
            for (Process process : participants) {
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        reports.drainTo(seen);
        checkOneLeaderAtATime(seen);
    }

    /**
     * Each epoch's "I lead" checks form an interval; sorted by epoch, every interval must end before the next one
     * starts: two participants never believed they led at once, and leadership passed in increasing epochs. Every
     * election has its own epoch.
     */
    private static void checkOneLeaderAtATime(List<Report> seen) {
        Map<Long, long[]> beliefs = new TreeMap<>(); // epoch -> {first, last, participant}
        List<Long> electedEpochs = new ArrayList<>();
        for (Report report : seen) {
            if (report.participant() < 0) {
                continue;
            }
            String[] parts = report.parts();
            if (parts[0].equals("LEADER")) {
                electedEpochs.add(Long.parseLong(parts[1]));
            }
            if (parts[0].equals("LEADING")) {
                long epoch = Long.parseLong(parts[1]);
                long at = Long.parseLong(parts[2]);
                long[] belief = beliefs.computeIfAbsent(epoch, e -> new long[] {at, at, report.participant()});
                assertThat(belief[2]).as("epoch %d held by one participant", epoch).isEqualTo(report.participant());
                belief[0] = Math.min(belief[0], at);
                belief[1] = Math.max(belief[1], at);
            }
        }
        assertThat(electedEpochs).as("elections").hasSizeGreaterThanOrEqualTo(PAUSES + 2).doesNotHaveDuplicates();
        long[] previous = null;
        for (Map.Entry<Long, long[]> term : beliefs.entrySet()) {
            if (previous != null) {
                assertThat(previous[1]).as("the leader before epoch %d stopped believing before it began",
                        term.getKey()).isLessThan(term.getValue()[0]);
            }
            previous = term.getValue();
        }
    }

    /** Waits for an election of an epoch above {@code after}, keeping every report seen on the way. */
    private static Report nextElection(BlockingQueue<Report> reports, List<Report> seen, long after, long waitMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            Report report = reports.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(report).as("an election above epoch %d in time; the participants' last other lines: %s",
                    after, lastOtherLines(seen)).isNotNull();
            seen.add(report);
            if (report.participant() >= 0 && report.parts()[0].equals("LEADER")
                    && Long.parseLong(report.parts()[1]) > after) {
                return report;
            }
        }
    }

    private static List<Report> lastOtherLines(List<Report> seen) {
        List<Report> other = seen.stream().filter(r -> r.participant() < 0).toList();
        return other.subList(Math.max(0, other.size() - 20), other.size());
    }

    private static Process start(RedisServer redis, int index, BlockingQueue<Report> reports) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LeaderProcess.class.getName(), redis.uri(), "processes", Long.toString(LEASE_MILLIS), "report"))
                .redirectErrorStream(true).start();
        // Protocol lines carry the participant's index; anything else (a log line, an exception) is kept under a
        // negative one, to be shown if an election does not come.
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)).lines()
                .map(line -> line.startsWith("LEADER ") || line.startsWith("LEADING ") || line.startsWith("REVOKED ")
                        ? new Report(index, line) : new Report(-1 - index, line))
                .forEach(reports::add));
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private static void signal(String signal, Process process) throws Exception {
        assertThat(new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor()).isZero();
    }
}
