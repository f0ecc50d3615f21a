package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The pub/sub connection opens on the first wait; a client closed meanwhile makes Lettuce refuse to connect. That is a
 * normal close, not a failure to warn of ("waiters fall back to timed re-checks": nobody waits any more).
 */
class PubSubHubCloseTest {
    private final Logger log = (Logger) LoggerFactory.getLogger(PubSubHub.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level configured = log.getLevel();
    private final CompletableFuture<StatefulRedisPubSubConnection<String, String>> opening = new CompletableFuture<>();
    private final PubSubHub hub = new PubSubHub(() -> opening);
    private final WakeChannels.Listener listener = new WakeChannels.Listener() {
        @Override
        public void onMessage(String message) {
        }

        @Override
        public void onResubscribed() {
        }
    };

    @BeforeEach
    void capture() {
        appender.start();
        log.addAppender(appender);
        log.setLevel(Level.DEBUG);
    }

    @AfterEach
    void release() {
        log.detachAppender(appender);
        log.setLevel(configured);
    }

    @Test
    void aConnectionStillOpeningWhenTheClientClosesLogsNoWarning() {
        hub.subscribe("hasp:{closing}:wake", listener);
        hub.close();
        opening.completeExceptionally(new IllegalStateException("Cannot connect, Event executor group is terminated"));

        assertThat(appender.list).as("the failure is still told, below WARN").isNotEmpty();
        assertThat(appender.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void aConnectionThatCannotBeOpenedOnAnOpenClientIsAWarning() {
        WakeChannels.Subscription subscription = hub.subscribe("hasp:{down}:wake", listener);
        opening.completeExceptionally(new IllegalStateException("Connection refused"));

        assertThat(subscription.ready()).isCompletedExceptionally();
        assertThat(appender.list).filteredOn(event -> event.getLevel() == Level.WARN).hasSize(1);
    }
}
