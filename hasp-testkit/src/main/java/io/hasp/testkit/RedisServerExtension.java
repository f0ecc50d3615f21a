package io.hasp.testkit;

import java.lang.reflect.AnnotatedElement;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension that runs a {@link RedisServer} for a test class (the default) or for each test, and injects
 * it into any {@code RedisServer} parameter of test methods, constructors and lifecycle methods.
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
 * }
 * }</pre>
 *
 * If the test class or method carries {@link RequiresRedis}, the server runs a binary of at least that version.
 *
 * <p>Immutable and thread-safe; the servers live in the JUnit extension store of their class or test, so concurrent
 * test execution gives each class (or test) its own server.
 */
public final class RedisServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final String KEY = "server";

    private final boolean perTest;
    private final Consumer<RedisServer.Builder> options;
    private final ExtensionContext.Namespace namespace;

    /** One server per test class with default options; the form {@code @ExtendWith} uses. */
    public RedisServerExtension() {
        this(false, builder -> { });
    }

    private RedisServerExtension(boolean perTest, Consumer<RedisServer.Builder> options) {
        this.perTest = perTest;
        this.options = options;
        // Identity in the namespace: two differently configured extensions on one class must not share a server.
        this.namespace = ExtensionContext.Namespace.create(RedisServerExtension.class, this);
    }

    /** One server per test class, started before {@code @BeforeAll} methods and closed after {@code @AfterAll}. */
    public static RedisServerExtension perClass() {
        return new RedisServerExtension(false, builder -> { });
    }

    /** One fresh server per test, started before {@code @BeforeEach} methods and closed after {@code @AfterEach}. */
    public static RedisServerExtension perTest() {
        return new RedisServerExtension(true, builder -> { });
    }

    /** A copy of this extension that also applies {@code more} to each server's builder, e.g. to add config. */
    public RedisServerExtension configure(Consumer<RedisServer.Builder> more) {
        Objects.requireNonNull(more, "more");
        return new RedisServerExtension(perTest, options.andThen(more));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            server(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            server(context);
        }
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
        return parameter.getParameter().getType() == RedisServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The server of {@code context}, started on first use (a PER_CLASS test instance is built before beforeAll). */
    private RedisServer server(ExtensionContext context) {
        ExtensionContext owner = perTest || context.getTestMethod().isEmpty() ? context : classContext(context);
        return owner.getStore(namespace).getOrComputeIfAbsent(KEY, key -> startFor(context), RedisServer.class);
    }

    private RedisServer startFor(ExtensionContext context) {
        RedisServer.Builder builder = RedisServer.builder();
        requiredVersion(context).ifPresent(min -> builder.binary(RedisBinary.atLeast(min).orElseThrow(
                () -> new TestkitException("@RequiresRedis(minVersion = \"" + min + "\") but no such redis-server: "
                        + RequiresRedisCondition.evaluate(min).getReason().orElse("")))));
        options.accept(builder);
        return builder.start();
    }

    private void closeServerIn(ExtensionContext context) {
        RedisServer server = context.getStore(namespace).remove(KEY, RedisServer.class);
        if (server != null) {
            server.close();
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
