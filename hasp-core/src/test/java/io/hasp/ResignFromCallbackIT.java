package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.LockListener.ReleaseOutcome;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A participant resigns from inside its own {@code elected} callback, on a client whose executor runs tasks in the
 * calling thread, so the callback runs on the Redis I/O thread that read the acquire's answer. The only way to resign
 * was the blocking {@code resign()}, whose release waited there for an answer only that thread could read: it failed
 * after the command timeout, and the leadership stayed in Redis for its lease. {@code resignAsync()} sends the release
 * and returns; the release is answered and the key is gone.
 */
class ResignFromCallbackIT {
    /** Long against a release's round trip: a release blocked behind its own reader fails only after this. */
    private static final Duration COMMAND_TIMEOUT = Timing.scaled(Duration.ofSeconds(3));
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisServerExtension PER_TEST = RedisServerExtension.perTest();

    @Test
    void resigningInsideTheElectedCallbackOnAnIoThreadReleasesTheLeadership(RedisServer redis) throws Exception {
        RecordingListener events = new RecordingListener();
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).commandTimeout(COMMAND_TIMEOUT).executor(Runnable::run)
                .listener(events).build(); Hasp rival = Hasp.builder().uri(redis.uri()).build()) {
            // A rival leads first, so this campaign is elected by an attempt that its wake-up starts, and whose answer
            // an I/O thread reads (a first attempt's answer may come before the campaign waits for it, on this thread).
            LeaderElection first = rival.leaderElection("resigner");
            first.campaign().toCompletableFuture().get(Timing.scaled(PROMPTLY).toMillis(), TimeUnit.MILLISECONDS);
            LeaderElection election = hasp.leaderElection("resigner");
            CompletableFuture<CompletionStage<Void>> resigned = new CompletableFuture<>();
            CompletableFuture<String> callbackThread = new CompletableFuture<>();
            election.campaign(new LeadershipListener() {
                @Override
                public void elected(Leadership leadership) {
                    callbackThread.complete(Thread.currentThread().getName());
                    resigned.complete(election.resignAsync());
                    assertThat(election.isLeader()).isFalse();
                }
            });
            Timing.await("the campaign waiting", PROMPTLY, () -> Long.valueOf(1).equals(
                    ((List<?>) redis.command("PUBSUB", "NUMSUB", "hasp:{resigner}:leader:wake")).get(1)));
            first.resign();
            CompletionStage<Void> release = resigned.get(Timing.scaled(PROMPTLY).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(callbackThread.join()).as("the callback ran on a Redis I/O thread").containsIgnoringCase(
                    "EventLoop");
            release.toCompletableFuture().get(Timing.scaled(PROMPTLY).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(redis.command("EXISTS", "hasp:{resigner}:leader")).isEqualTo(0L);
            Timing.await("the release reported", PROMPTLY, () -> !events.releases.isEmpty());
            assertThat(events.releases).extracting(RecordingListener.Release::outcome)
                    .containsExactly(ReleaseOutcome.RELEASED);
        }
    }

    /** The blocking form still returns only once Redis answered: the key is gone when it returns. */
    @Test
    void resignReturnsOnceTheLeadershipIsReleased(RedisServer redis) throws Exception {
        try (Hasp hasp = Hasp.builder().uri(redis.uri()).commandTimeout(COMMAND_TIMEOUT).build()) {
            LeaderElection election = hasp.leaderElection("blocking");
            election.campaign().toCompletableFuture().get(Timing.scaled(PROMPTLY).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(redis.command("EXISTS", "hasp:{blocking}:leader")).isEqualTo(1L);
            election.resign();
            assertThat(redis.command("EXISTS", "hasp:{blocking}:leader")).isEqualTo(0L);
        }
    }
}
