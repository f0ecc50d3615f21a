package io.hasp.testkit;

import java.lang.reflect.AnnotatedElement;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension that runs Redis for integration tests: one {@link RedisServer} for a test class (the default) or
 * for each test, or {@link #nodes(int) N independent servers} as a {@link RedisNodes} (for Redlock). It injects them
 * into any {@code RedisServer} (or {@code RedisNodes}) parameter of test methods, constructors and lifecycle methods,
 * and closes them after the class or test. They start when first asked for, so a class may register a server and
 * nodes and each test pays only for what it takes.
 *
 * <pre>{@code
 * @ExtendWith(RedisServerExtension.class)          // one server per class
 * class LockIT {
 *   @Test void locks(RedisServer redis) { ... }
 * }
 *
 * class RestartIT {                                // one fresh server per test, with AOF
 *   @RegisterExtension
 *   static RedisServerExtension redis = RedisServerExtension.perTest().configure(b -> b.config("appendonly", "yes"));
 *
 *   @Test void survivesARestart(RedisServer redis) { ... redis.restart(); ... }
 * }
 *
 * class QuorumIT {                                 // three fresh servers per test
 *   @RegisterExtension
 *   static RedisServerExtension redis = RedisServerExtension.perTest().nodes(3);
 *
 *   @Test void outlivesOneNode(RedisNodes nodes) { ... nodes.node(0).kill(); ... }
 * }
 * }</pre>
 *
 * A test may stop, kill, pause or restart the servers it is given; closing them afterwards still cleans up. If the
 * test class or method carries {@link RequiresRedis}, every server runs a binary of at least that version.
 *
 * <p>Immutable and thread-safe; the servers live in the JUnit extension store of their class or test, so concurrent
 * test execution gives each class (or test) its own servers.
 */
public final class RedisServerExtension implements AfterAllCallback, AfterEachCallback, ParameterResolver {
    private static final String KEY = "server";

    private final boolean perTest;
    /** 0 for one {@link RedisServer}; otherwise how many servers a {@link RedisNodes} holds. */
    private final int nodes;
    private final Consumer<RedisServer.Builder> options;
    private final ExtensionContext.Namespace namespace;

    /** One server per test class with default options; the form {@code @ExtendWith} uses. */
    public RedisServerExtension() {
        this(false, 0, builder -> { });
    }

    private RedisServerExtension(boolean perTest, int nodes, Consumer<RedisServer.Builder> options) {
        this.perTest = perTest;
        this.nodes = nodes;
        this.options = options;
        // Identity in the namespace: two differently configured extensions on one class must not share a server.
        this.namespace = ExtensionContext.Namespace.create(RedisServerExtension.class, this);
    }

    /** {@return one server per test class, closed after the {@code @AfterAll} methods} */
    public static RedisServerExtension perClass() {
        return new RedisServerExtension(false, 0, builder -> { });
    }

    /** {@return one fresh server per test, closed after the {@code @AfterEach} methods} */
    public static RedisServerExtension perTest() {
        return new RedisServerExtension(true, 0, builder -> { });
    }

    /**
     * A copy of this extension that also applies {@code more} to each server's builder, e.g. to add config.
     *
     * @param more called with each server's builder, after the options already set
     * @return a new extension; this one is unchanged
     * @throws NullPointerException if {@code more} is null
     */
    public RedisServerExtension configure(Consumer<RedisServer.Builder> more) {
        Objects.requireNonNull(more, "more");
        return new RedisServerExtension(perTest, nodes, options.andThen(more));
    }

    /**
     * A copy of this extension that starts {@code n} independent servers, each configured alike, and injects them
     * as one {@link RedisNodes} parameter instead of a {@code RedisServer}.
     *
     * @param n how many servers, at least 1
     * @return a new extension; this one is unchanged
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    public RedisServerExtension nodes(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1 but was " + n);
        }
        return new RedisServerExtension(perTest, n, options);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            closeServerIn(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perTest) {
            closeServerIn(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == (nodes == 0 ? RedisServer.class : RedisNodes.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The server (or nodes) of {@code context}'s class or test, started on first use. */
    private Object server(ExtensionContext context) {
        ExtensionContext owner = perTest || context.getTestMethod().isEmpty() ? context : classContext(context);
        return owner.getStore(namespace).getOrComputeIfAbsent(KEY, key -> startFor(context));
    }

    /** A {@link RedisNodes} if {@link #nodes(int)} was set, else a {@link RedisServer}. */
    private Object startFor(ExtensionContext context) {
        Optional<String> minVersion = requiredVersion(context);
        Consumer<RedisServer.Builder> configured = builder -> {
            minVersion.ifPresent(min -> builder.binary(RedisBinary.atLeast(min).orElseThrow(
                    () -> new TestkitException("@RequiresRedis(minVersion = \"" + min + "\") but no such redis-server: "
                            + RequiresRedisCondition.evaluate(min).getReason().orElse("")))));
            options.accept(builder);
        };
        if (nodes > 0) {
            return RedisNodes.start(nodes, configured);
        }
        RedisServer.Builder builder = RedisServer.builder();
        configured.accept(builder);
        return builder.start();
    }

    private void closeServerIn(ExtensionContext context) {
        Object started = context.getStore(namespace).remove(KEY);
        if (started instanceof RedisNodes) {
            ((RedisNodes) started).close();
        } else if (started instanceof RedisServer) {
            ((RedisServer) started).close();
        }
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static Optional<String> requiredVersion(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<AnnotatedElement> element = c.getElement();
            Optional<RequiresRedis> found = AnnotationSupport.findAnnotation(element, RequiresRedis.class);
            if (found.isPresent()) {
                return Optional.of(found.get().minVersion());
            }
        }
        return Optional.empty();
    }
}
