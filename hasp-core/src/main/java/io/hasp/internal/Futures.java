package io.hasp.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/** Glue between the async core and its blocking and user-facing forms. */
final class Futures {
    private Futures() {
    }

    /**
     * A future for users that completes on {@code executor} (never on an I/O thread) with the outcome of
     * {@code internal}; cancelling it cancels {@code internal}. If the executor refuses the completion (shut down,
     * or saturated with an abort policy), it completes where {@code internal} did: late on the wrong thread beats
     * never, with a lease nobody could reach.
     */
    public static <T> CompletableFuture<T> handOff(CompletableFuture<T> internal, Executor executor) {
        CompletableFuture<T> external = new CompletableFuture<>();
        internal.whenComplete((value, failure) -> {
            Runnable settle = () -> {
                if (failure == null) {
                    external.complete(value);
                } else {
                    external.completeExceptionally(RedisErrors.unwrap(failure));
                }
            };
            try {
                executor.execute(settle);
            } catch (RuntimeException refused) {
                settle.run();
            }
        });
        external.whenComplete((value, failure) -> {
            if (external.isCancelled()) {
                internal.cancel(false);
            }
        });
        return external;
    }

    /** Waits without being interruptible (for calls bounded by the command timeout) and unwraps the failure. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw rethrowable(RedisErrors.unwrap(e));
        }
    }

    /** Waits interruptibly and unwraps the failure; the caller handles the interrupt. */
    public static <T> T get(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw rethrowable(RedisErrors.unwrap(e));
        }
    }

    private static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return new io.hasp.HaspException(null, "unexpected failure: " + cause, cause);
    }
}
