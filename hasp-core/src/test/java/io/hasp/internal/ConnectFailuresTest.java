package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Which connect failures are a connection lost during Lettuce's handshake (opened once more, see
 * {@code LettuceConnections.open}), in the two ways Lettuce reports one, wrapped as a connect reports them.
 */
class ConnectFailuresTest {

    @Test
    void aConnectionClosedBeforeTheHandshakeEndedIsClosedDuringTheGreeting() {
        assertThat(ConnectFailures.closedDuringGreeting(connectFailure(
                new RedisConnectionException("Connection closed prematurely")))).isTrue();
    }

    @Test
    void aPipelineTakenDownBeforeTheConnectStepLookedIsClosedDuringTheGreeting() {
        assertThat(ConnectFailures.closedDuringGreeting(connectFailure(
                new IllegalStateException("RedisHandshakeHandler not registered")))).isTrue();
    }

    @Test
    void anAnswerOfTheServersOrAnotherFailureIsNot() {
        RedisConnectionException refused = new RedisConnectionException("Connection closed prematurely");
        refused.addSuppressed(new RedisCommandExecutionException("WRONGPASS invalid username-password pair"));
        assertThat(ConnectFailures.closedDuringGreeting(connectFailure(refused))).isFalse();
        assertThat(ConnectFailures.closedDuringGreeting(connectFailure(
                new RedisConnectionException("Connection refused")))).isFalse();
        assertThat(ConnectFailures.closedDuringGreeting(connectFailure(
                new IllegalStateException("something else")))).isFalse();
    }

    private static Throwable connectFailure(Throwable cause) {
        return new CompletionException(new RedisConnectionException("Unable to connect to 127.0.0.1:6390", cause));
    }
}
