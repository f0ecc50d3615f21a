package io.hasp.faults.worker;

import io.hasp.Hasp;
import io.hasp.Lock;
import io.hasp.LockOptions;
import io.hasp.RedlockOptions;
import java.time.Duration;
import java.util.List;

/**
 * Redlock over three independent Redis servers: {@code Hasp.builder().uris(...)}, then {@code hasp.lock(name)}.
 * Every node holds the same lock key, so the broken plain-DEL release deletes it on each. Stateless.
 *
 * <p>The per-node timeout is set to {@value #NODE_TIMEOUT_MILLIS} ms, what the default 30 s lease gets by itself.
 * The workers' 1 s lease would get the automatic floor of 25 ms; with a user-space fault proxy in the path on a
 * loaded machine, the suite keeps the wider margin so that only injected faults trip the circuit breakers. A Redlock
 * client uses its command timeout only to connect and probe, so it keeps the library's default of
 * {@value #CONNECT_TIMEOUT_MILLIS} ms rather than the workers' short one.
 */
final class RedlockLockVariant implements LockVariant {
    private static final long NODE_TIMEOUT_MILLIS = 50;
    private static final long CONNECT_TIMEOUT_MILLIS = 2_000;

    @Override
    public String name() {
        return "redlock";
    }

    @Override
    public int nodes() {
        return 3;
    }

    @Override
    public Hasp connect(List<String> uris, Duration commandTimeout, LockOptions defaults) {
        Duration connectTimeout = Duration.ofMillis(Math.max(commandTimeout.toMillis(), CONNECT_TIMEOUT_MILLIS));
        return Hasp.builder().uris(uris.toArray(String[]::new)).commandTimeout(connectTimeout).defaultOptions(defaults)
                .redlock(RedlockOptions.builder().nodeTimeout(Duration.ofMillis(NODE_TIMEOUT_MILLIS)).build())
                .build();
    }

    @Override
    public Lock lock(Hasp hasp, String name, LockOptions options) {
        return hasp.lock(name, options);
    }
}
