package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RequiresRedisIT {

    @Test
    @RequiresRedis(minVersion = "6.0")
    void runsWhenTheDefaultServerIsNewEnough(RedisServer redis) {
        assertThat(Versions.atLeast(redis.version(), "6.0")).isTrue();
    }

    @Test
    void skipsWithAReasonThatSaysHowToGetANewerServer() {
        ConditionEvaluationResult result = RequiresRedisCondition.evaluate("99.0");

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).get().asString()
                .contains(">= 99.0", RedisBinary.ENV_REDIS8, RedisBinary.resolve().toString());
    }

    @Test
    void enablesWithTheBinaryItFound() {
        ConditionEvaluationResult result = RequiresRedisCondition.evaluate("6.0");

        assertThat(result.isDisabled()).isFalse();
        assertThat(result.getReason()).get().asString().contains(RedisBinary.resolve().toString());
    }

    @Test
    @RequiresRedis(minVersion = "8.4")
    void runsOnlyWithARedis8Binary(RedisServer redis) {
        assertThat(Versions.atLeast(redis.version(), "8.4")).isTrue();
    }
}
