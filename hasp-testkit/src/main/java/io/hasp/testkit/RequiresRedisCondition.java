package io.hasp.testkit;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The condition behind {@link RequiresRedis}. Stateless and thread-safe; the binaries' versions are cached by
 * {@link RedisBinary}.
 */
final class RequiresRedisCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getElement(), RequiresRedis.class)
                .map(annotation -> evaluate(annotation.minVersion()))
                .orElseGet(() -> ConditionEvaluationResult.enabled("no @RequiresRedis"));
    }

    static ConditionEvaluationResult evaluate(String minVersion) {
        Optional<Path> binary = RedisBinary.atLeast(minVersion);
        if (binary.isPresent()) {
            return ConditionEvaluationResult.enabled("redis-server " + RedisBinary.version(binary.get()) + " at "
                    + binary.get() + " is at least " + minVersion);
        }
        return ConditionEvaluationResult.disabled("Needs redis-server >= " + minVersion + " but found " + describeDefault()
                + " and " + describeRedis8() + ". Set " + RedisBinary.ENV_REDIS8 + " to a Redis 8.4+ redis-server binary"
                + " to run this test.");
    }

    private static String describeDefault() {
        try {
            Path path = RedisBinary.resolve();
            return "redis-server " + RedisBinary.version(path) + " at " + path;
        } catch (TestkitException e) {
            return "no default redis-server";
        }
    }

    private static String describeRedis8() {
        String value = System.getenv(RedisBinary.ENV_REDIS8);
        if (value == null || value.isBlank()) {
            return RedisBinary.ENV_REDIS8 + " unset";
        }
        try {
            return RedisBinary.ENV_REDIS8 + "=" + value + " (version " + RedisBinary.version(Path.of(value.trim())) + ")";
        } catch (TestkitException e) {
            return RedisBinary.ENV_REDIS8 + "=" + value + " (does not run)";
        }
    }
}
