package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisServerIT {

    @Test
    void startsAnswersPingAndStops() {
        RedisServer redis = RedisServer.start();
        try (redis) {
            assertThat(redis.command("PING")).isEqualTo("PONG");
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(redis.host()).isEqualTo("127.0.0.1");
            assertThat(redis.port()).isNotEqualTo(6379);
            assertThat(redis.version()).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(redis.runId()).hasSize(40);
            assertThat(redis.pid()).isPositive();
            assertThat(redis.binary()).exists();
            assertThat(redis.logFile()).exists();
            assertThat(redis.command("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
            assertThat(redis.command("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "no"));

            redis.stop();

            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(TestkitException.class);
        }
        assertThat(redis.dir()).doesNotExist();
    }

    @Test
    void killEndsTheProcessAndCloseIsIdempotent() {
        RedisServer redis = RedisServer.start();
        long pid = redis.pid();

        redis.kill();

        assertThat(redis.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        redis.close();
        redis.close();
        assertThat(redis.dir()).doesNotExist();
    }

    @Test
    void pauseMakesPingTimeOutAndResumeMakesItAnswer() {
        try (RedisServer redis = RedisServer.start()) {
            redis.pause();
            assertThat(redis.isPaused()).isTrue();

            try (RespClient client = redis.client(Duration.ofMillis(300))) {
                assertThatThrownBy(() -> client.command("PING"))
                        .isInstanceOf(TestkitException.class)
                        .hasCauseInstanceOf(SocketTimeoutException.class);
                assertThat(client.isOpen()).isFalse();
            }

            redis.resume();

            assertThat(redis.isPaused()).isFalse();
            assertThat(redis.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void stopAndRestartWorkOnAPausedServer() {
        try (RedisServer redis = RedisServer.start()) {
            redis.pause();

            redis.restart();

            assertThat(redis.isPaused()).isFalse();
            assertThat(redis.command("PING")).isEqualTo("PONG");
            redis.pause();
            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(redis::pause).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void restartKeepsThePortAndLosesDataWithoutPersistence() {
        try (RedisServer redis = RedisServer.start()) {
            int port = redis.port();
            String runId = redis.runId();
            redis.command("SET", "k", "v");

            redis.restart();

            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.runId()).isNotEqualTo(runId);
            assertThat(redis.command("GET", "k")).isNull();
        }
    }

    @Test
    void restartAfterKillKeepsDataWithAppendOnly() {
        try (RedisServer redis = RedisServer.builder().config("appendonly", "yes").config("appendfsync always").start()) {
            redis.command("SET", "k", "v");
            redis.kill();

            redis.restart();

            assertThat(redis.command("GET", "k")).isEqualTo("v");
        }
    }

    @Test
    void errorRepliesThrowAndLeaveTheConnectionUsable() {
        try (RedisServer redis = RedisServer.start(); RespClient client = redis.client()) {
            assertThatThrownBy(() -> client.command("NO-SUCH-COMMAND"))
                    .isInstanceOf(RedisReplyException.class)
                    .satisfies(e -> assertThat(((RedisReplyException) e).errorCode()).isEqualTo("ERR"));
            assertThat(client.command("INCR", "n")).isEqualTo(1L);
            assertThat(client.command("DEBUG", "SLEEP", "0")).isEqualTo("OK");
        }
    }

    @Test
    void fixedPortThatIsTakenFailsWithTheLogTail() {
        try (RedisServer first = RedisServer.start()) {
            assertThatThrownBy(() -> RedisServer.builder().port(first.port()).start())
                    .isInstanceOf(TestkitException.class)
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void autoPortRetriesWhenTheChosenPortIsTaken() {
        try (RedisServer first = RedisServer.start();
                RedisServer second = RedisServer.builder().portPicker(new TakenThenFree(first.port())).start()) {
            assertThat(second.port()).isNotEqualTo(first.port());
            assertThat(second.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void builderRejectsBadArguments() {
        assertThatThrownBy(() -> RedisServer.builder().port(70_000)).hasMessageContaining("70000");
        assertThatThrownBy(() -> RedisServer.builder().config("appendonly")).hasMessageContaining("appendonly");
        assertThatThrownBy(() -> RedisServer.builder().binary(Files.createTempFile("not-redis", "")))
                .isInstanceOf(TestkitException.class);
    }

    /** Hands out a port that is in use first, then free ones. */
    private static final class TakenThenFree implements java.util.function.IntSupplier {
        private final int taken;
        private boolean first = true;

        TakenThenFree(int taken) {
            this.taken = taken;
        }

        @Override
        public int getAsInt() {
            if (first) {
                first = false;
                return taken;
            }
            return FreePorts.any();
        }
    }
}
