package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * After Redis was down for a while and comes back, the first lock call does not wait for a reconnect backoff that
 * grew during the outage (Lettuce's default grows to 30 s), and the outage is logged once, not once per retry.
 */
class RedisRestartIT {
    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    /**
     * Long enough for Lettuce's default delay (1 ms doubling to 30 s) to reach 4 s: its attempts come about 5 s and
     * 9 s after the drop, so a server back after 6 s waits about 3 s for the next one; capped at 1 s, at most that.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(6);

    @Test
    void theFirstCallAfterAnOutageIsServedWithinTheCappedReconnectDelay(RedisServer redis) throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger("io.hasp");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Level level = root.getLevel();
        root.setLevel(Level.WARN);
        root.addAppender(logged);
        try (Hasp hasp = Hasp.connect(redis.uri())) {
            hasp.lock("before").tryAcquire().orElseThrow().release();
            redis.stop();
            // The outage itself: nothing to wait for but time, during which the client keeps trying to reconnect.
            Thread.sleep(OUTAGE.toMillis());
            redis.restart();
            long back = System.nanoTime();
            // A waiting call rides out the reconnect; it must not take the seconds an uncapped backoff would.
            hasp.lock("after").acquire(Duration.ofSeconds(30)).release();
            assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Timing.scaled(Duration.ofSeconds(2)));
        } finally {
            root.detachAppender(logged);
            root.setLevel(level);
        }
        long outageLines = logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
                && e.getFormattedMessage().contains("lost the connection")).count();
        assertThat(outageLines).as("lines logged for the outage of the command connection").isEqualTo(1);
    }
}
