package io.hasp.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class or method only if a redis-server of at least {@link #minVersion()} is available,
 * and otherwise skips it with a reason that says what was found and how to provide one: the default binary
 * ({@link RedisBinary#resolve()}) counts if it is new enough, else the one named by {@value RedisBinary#ENV_REDIS8}
 * (checked for 8.4 or newer). {@link RedisServerExtension} then starts its servers with that binary; tests that
 * start servers themselves use {@code RedisBinary.atLeast(minVersion)}.
 *
 * <pre>{@code
 * @Test
 * @RequiresRedis(minVersion = "8.4")
 * void usesANewCommand(RedisServer redis) { ... }
 * }</pre>
 *
 * <p>The condition is stateless and thread-safe.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(RequiresRedisCondition.class)
public @interface RequiresRedis {
    /** {@return the lowest acceptable Redis version, such as {@code "8.4"} or {@code "7.2.0"}} */
    String minVersion();
}
