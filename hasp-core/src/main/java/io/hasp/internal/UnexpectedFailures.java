package io.hasp.internal;

import io.hasp.ClientClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a waiting call is told when one of its own steps threw where nothing should (a pause, the handling of an
 * answer or of a hand-off): {@link ClientClosedException} only if the client really is closed (its timer and
 * connections then refuse work), else the failure as it is, or as a {@link io.hasp.HaspException} with it as the
 * cause. Anything but a closed client is a defect, so it is logged once, at WARN, with its stack trace.
 */
final class UnexpectedFailures {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedFailures.class);

    private UnexpectedFailures() {
    }

    /** The failure to end the call of {@code token} on lock {@code lockName} with, after {@code step} threw. */
    static RuntimeException report(ClientLifecycle lifecycle, String lockName, String token, String step,
            Throwable failure) {
        if (lifecycle.isClosed()) {
            return new ClientClosedException(lockName);
        }
        Throwable cause = RedisErrors.unwrap(failure);
        LOG.warn("lock '{}' token {}: {} failed unexpectedly", lockName, Tokens.shortForm(token), step, cause);
        return RedisErrors.map(lockName, step, cause);
    }
}
