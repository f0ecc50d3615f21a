package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisServerExtensionIT {
    private static RedisServer fromBeforeAll;
    private final RedisServer fromConstructor;

    RedisServerExtensionIT(RedisServer redis) {
        this.fromConstructor = redis;
    }

    @BeforeAll
    static void beforeAll(RedisServer redis) {
        fromBeforeAll = redis;
    }

    @BeforeEach
    void clean(RedisServer redis) {
        redis.command("FLUSHALL");
    }

    @AfterAll
    static void serverStillRunsInAfterAll(RedisServer redis) {
        assertThat(redis.isRunning()).isTrue();
    }

    @Test
    void injectsOneRunningServerPerClass(RedisServer redis) {
        assertThat(redis.command("PING")).isEqualTo("PONG");
        assertThat(redis).isSameAs(fromBeforeAll).isSameAs(fromConstructor);
    }

    @Test
    void theSameServerServesEveryTest(RedisServer redis) {
        assertThat(redis).isSameAs(fromBeforeAll);
        assertThat(redis.command("DBSIZE")).isEqualTo(0L);
    }
}
