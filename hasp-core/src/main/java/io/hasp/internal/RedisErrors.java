package io.hasp.internal;

import io.hasp.HaspException;
import io.hasp.RedisUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns what Lettuce and the JDK throw into Hasp's exception tree, naming the lock and the operation. */
final class RedisErrors {
    private RedisErrors() {
    }

    /** The failure behind completion and execution wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A Hasp exception for a failed Redis call; Hasp exceptions and cancellations pass through unchanged. */
    public static RuntimeException map(String lockName, String operation, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof HaspException || cause instanceof CancellationException) {
            return (RuntimeException) cause;
        }
        if (isUnavailable(cause)) {
            return new RedisUnavailableException(lockName, describe(lockName) + operation + " failed: Redis did not answer ("
                    + cause.getMessage() + ")", cause);
        }
        if (cause instanceof RedisCommandExecutionException) {
            return new HaspException(lockName, describe(lockName) + operation + " was refused by Redis: "
                    + cause.getMessage(), cause);
        }
        return new HaspException(lockName, describe(lockName) + operation + " failed: " + cause, cause);
    }

    /** Whether a failure means Redis could not be reached or did not answer in time. */
    public static boolean isUnavailable(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RedisCommandTimeoutException || cause instanceof RedisConnectionException
                || cause instanceof TimeoutException || cause instanceof RedisUnavailableException) {
            return true;
        }
        if (cause instanceof RedisException && !(cause instanceof RedisCommandExecutionException)) {
            return true; // "Connection closed", "Currently not connected", connection reset and the like
        }
        return cause instanceof java.io.IOException;
    }

    /**
     * Whether {@code text} is in the message of {@code failure} or of any failure it wraps or suppressed: Lettuce's
     * connect failures keep a server's telling answer (say, "ERR No such master with that name") deep inside.
     */
    public static boolean anyCauseSays(Throwable failure, String text) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (anyCauseSays(suppressed, text)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether Redis answered with an error starting with {@code prefix} (e.g. NOSCRIPT, WRONGTYPE). */
    public static boolean isServerError(Throwable failure, String prefix) {
        Throwable cause = unwrap(failure);
        return cause instanceof RedisCommandExecutionException && cause.getMessage() != null
                && cause.getMessage().startsWith(prefix);
    }

    private static String describe(String lockName) {
        return lockName == null ? "" : "lock '" + lockName + "': ";
    }
}
