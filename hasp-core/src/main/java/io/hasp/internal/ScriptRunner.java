package io.hasp.internal;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.BooleanOutput;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.ObjectOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs Hasp's Lua scripts by EVALSHA, falling back to EVAL (which also caches the script) when the server answers
 * NOSCRIPT, as it does after a restart or SCRIPT FLUSH. On a Redis Cluster whose slot is being migrated, a script
 * whose keys are split between the two nodes is refused with TRYAGAIN before it runs; it is sent again after a short
 * pause, up to {@link #TRY_AGAIN_LIMIT} times (half a second in all, far longer than a batch of keys takes to move).
 * On a Redis 7+ cluster it runs each script's sharded variant ({@link LuaScript#sharded()}), whose notices travel
 * by {@code SPUBLISH} to the lock's shard only, where {@link ShardedWakeChannels} listens; on another Redis 7+ the
 * variant without {@code redis.replicate_commands()} ({@link LuaScript.Variant}), and the text as written on older
 * or unknown servers.
 *
 * <p>The fallback needs the NOSCRIPT answer to be heard. A server that stays silent past the command timeout answers
 * after Lettuce has failed the command, and that late answer goes nowhere: nothing is sent again. That is harmless for
 * an attempt (it did nothing), but not for the clean-up sent after it ({@link #runUnattended}), which must run once
 * the server wakes; those go by EVAL from the start.
 *
 * <p>Design note: the order of a fallback. A fallback (the EVAL after NOSCRIPT, or a send again after TRYAGAIN) goes
 * out when the refusal is heard, so it runs after whatever the client sent on the connection in the meantime. For two
 * commands of one call that cannot matter while the call sends its next command only once the previous one answered (an
 * acquire's release waits for the acquire's lease; a retry waits for the failed attempt). A call that gives up sends
 * its clean-up (a fair waiter's leave, a semaphore's or read-write lock's leave) only once its attempt in flight has
 * answered, fallback included ({@link AcquireLoop}, {@link FairAcquireLoop}): sent at once, even the shared connection
 * would not keep it behind that attempt, as Netty writes a command sent on the connection's I/O thread ahead of those
 * other threads queued there. (A Redlock node likewise sends a call's release only once the call's acquire there
 * answered: {@link RedlockNode#call}.) The rule below stays as a second guard, should a clean-up by a token still go
 * out while an attempt of its call is unanswered: answered NOSCRIPT, that attempt would run after its clean-up and take
 * the lock, or queue, for a call that is over, and nobody would undo it before the lease or heartbeat ran out. So an
 * attempt is run for its call's token ({@link #attempt}), and once that call has ended ({@link #ended}: every clean-up
 * by the token says so, and a call that gives up with nothing to clean up says so too), a fallback of an attempt sent
 * before is not sent: the attempt fails with {@link NotRun}, which is the truth (NOSCRIPT and TRYAGAIN run nothing) and
 * which the call, being over, ignores. An attempt sent after the call's clean-up (a retry by the same token, after the
 * clean-up that must precede it) falls back as usual. Each runner remembers the last {@value #ENDED_KEPT} ended calls,
 * far more than end within one command timeout on one connection (beyond that an attempt's fallback can no longer
 * come); the bookkeeping happens only on those rarer paths, and an attempt reads one volatile counter when sent.
 * Thread-safe; never blocks.
 */
final class ScriptRunner {
    static final int TRY_AGAIN_LIMIT = 50;
    private static final int ENDED_KEPT = 1024;
    private static final Executor TRY_AGAIN_PAUSE = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

    private final RedisClusterAsyncCommands<String, String> commands;
    private final LuaScript.Variant variant;
    /** The tokens of the calls that ended last, oldest first, each with its number in {@link #endings}. */
    private final ArrayDeque<Ended> ended = new ArrayDeque<>();
    /** How many calls have ended; written under {@code ended}'s monitor, read by every attempt when it is sent. */
    private volatile long endings;

    /** {@code variant}: which text of each script the server runs ({@link ServerFeatures#scriptVariant()}). */
    ScriptRunner(RedisClusterAsyncCommands<String, String> commands, LuaScript.Variant variant) {
        this.commands = commands;
        this.variant = variant;
    }

    <T> CompletableFuture<T> run(LuaScript script, ScriptOutputType type, String[] keys, String... args) {
        return new Call<T, T>(script, type, null, keys, args, null, null, 0, null).start(false);
    }

    /**
     * {@link #run(LuaScript, ScriptOutputType, String[], String...)} whose future completes with {@code reply} applied
     * to the script's answer, in the step that hears the answer: no further stage per command (a backend's hot path).
     * If {@code reply} throws, the future fails as a {@code thenApply} stage would, with that exception wrapped in a
     * {@link CompletionException}; so does a failed command.
     */
    <T, R> CompletableFuture<R> run(LuaScript script, ScriptOutputType type, Function<T, R> reply, String[] keys,
            String... args) {
        return new Call<>(script, type, null, keys, args, reply, null, 0, null).start(false);
    }

    /**
     * {@link #run(LuaScript, ScriptOutputType, Function, String[], String...)} for a release or hand-off, with
     * {@code unanswered} run if Lettuce stops waiting for its answer (the command timeout): the caller's clean-up by
     * the token, as the run may still sit unread at a silent server (see {@link SingleNodeBackend#release}). In the
     * step that hears the answer, as the rest: no further stage. {@code reply} may be {@code null} (the answer as it
     * is).
     */
    <T, R> CompletableFuture<R> run(LuaScript script, ScriptOutputType type, Function<T, R> reply,
            Runnable unanswered, String[] keys, String... args) {
        return new Call<>(script, type, null, keys, args, reply, null, 0, unanswered).start(false);
    }

    /**
     * {@link #run(LuaScript, ScriptOutputType, Function, String[], String...)} for an attempt of the call with
     * {@code token}: no fallback of it is sent once that call has ended (see the design note). {@code reply} may be
     * {@code null} (the answer as it is).
     */
    <T, R> CompletableFuture<R> attempt(String token, LuaScript script, ScriptOutputType type, Function<T, R> reply,
            String[] keys, String... args) {
        return new Call<>(script, type, null, keys, args, reply, token, endings, null).start(false);
    }

    /**
     * {@link #attempt(String, LuaScript, ScriptOutputType, Function, String[], String...)} whose EVALSHA answer is read
     * into an output from {@code outputs} instead of the one Lettuce builds for {@code type}; a fallback by EVAL reads
     * it as {@code type}, so {@code reply} takes either.
     */
    <T, R> CompletableFuture<R> attempt(String token, LuaScript script, ScriptOutputType type,
            Supplier<CommandOutput<String, String, T>> outputs, Function<T, R> reply, String[] keys, String... args) {
        return new Call<>(script, type, outputs, keys, args, reply, token, endings, null).start(false);
    }

    /**
     * Runs {@code script} by EVAL at once: for a send whose answer nobody may hear, a clean-up by {@code token} sent to
     * a server that just failed to answer (the release by token of an attempt whose outcome is unknown, a queue entry
     * left behind). Sent by EVALSHA to a server that lacks the script, it would do nothing if the server answered
     * NOSCRIPT only after the command timeout. EVAL costs the script's text, on paths taken only after a failure or a
     * give-up. It ends the call of {@code token} ({@link #ended}) before it is sent.
     */
    <T> CompletableFuture<T> runUnattended(String token, LuaScript script, ScriptOutputType type, String[] keys,
            String... args) {
        ended(token);
        return new Call<T, T>(script, type, null, keys, args, null, null, 0, null).start(true);
    }

    /**
     * The call of {@code token} is over: a fallback of an attempt it sent before now is not sent (see the design
     * note). Called before the call's clean-up is sent, or instead of it when there is nothing to clean up.
     */
    void ended(String token) {
        synchronized (ended) {
            long number = endings + 1;
            ended.addLast(new Ended(token, number));
            if (ended.size() > ENDED_KEPT) {
                ended.removeFirst();
            }
            endings = number;
        }
    }

    /** Whether the call of {@code token} ended after the {@code seen}th ending. */
    private boolean endedSince(String token, long seen) {
        if (endings == seen) {
            return false;
        }
        synchronized (ended) {
            Iterator<Ended> newestFirst = ended.descendingIterator();
            while (newestFirst.hasNext()) {
                Ended next = newestFirst.next();
                if (next.number() <= seen) {
                    return false;
                }
                if (next.token().equals(token)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The output Lettuce's {@code evalsha} builds for {@code type}. */
    @SuppressWarnings("unchecked")
    private static <T> CommandOutput<String, String, T> output(ScriptOutputType type) {
        CommandOutput<String, String, ?> output = switch (type) {
            case BOOLEAN -> new BooleanOutput<>(StringCodec.UTF8);
            case INTEGER -> new IntegerOutput<>(StringCodec.UTF8);
            case STATUS -> new StatusOutput<>(StringCodec.UTF8);
            case MULTI -> new NestedMultiOutput<>(StringCodec.UTF8);
            case VALUE -> new ValueOutput<>(StringCodec.UTF8);
            case OBJECT -> new ObjectOutput<>(StringCodec.UTF8);
        };
        return (CommandOutput<String, String, T>) output;
    }

    /** Whether {@code failure} says that a fallback of an attempt was not sent because its call had ended. */
    static boolean notRun(Throwable failure) {
        return RedisErrors.unwrap(failure) instanceof NotRun;
    }

    /** A call's ending: its token and its number in the count of endings. */
    private record Ended(String token, long number) {
    }

    /**
     * An attempt whose script the server did not run (NOSCRIPT, or TRYAGAIN), not sent again because its call had
     * ended in the meantime (see the design note). Carries no stack trace: it is an answer, not a fault.
     */
    static final class NotRun extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotRun(Throwable refusal) {
            super("not run, and not sent again: its call ended meanwhile (" + refusal.getMessage() + ")", refusal,
                    false, false);
        }
    }

    /**
     * One script run: its sends (EVALSHA, EVAL after NOSCRIPT, again after TRYAGAIN) one after another, each started
     * by the answer to the one before, and the future they complete, which is the run itself (one object fewer per
     * command). It is the completion step of its own sends, so a run costs one stage on the driver's future.
     */
    private final class Call<T, R> extends CompletableFuture<R> implements BiConsumer<T, Throwable> {
        private final LuaScript script;
        private final ScriptOutputType type;
        /** Where an EVALSHA's answer is read into, or null for Lettuce's output for {@code type}. */
        private final Supplier<CommandOutput<String, String, T>> outputs;
        private final String[] keys;
        private final String[] args;
        private final Function<T, R> reply;
        /** The token of the attempt's call, or null for a run that always falls back. */
        private final String owner;
        /** {@link #endings} when the attempt was first sent. */
        private final long seenEndings;
        /** Run if the command timed out unanswered, or null. */
        private final Runnable unanswered;
        /** What the send in flight is, and how many more TRYAGAIN answers it may take; one send at a time. */
        private boolean byText;
        private int triesLeft = TRY_AGAIN_LIMIT;

        Call(LuaScript script, ScriptOutputType type, Supplier<CommandOutput<String, String, T>> outputs,
                String[] keys, String[] args, Function<T, R> reply, String owner, long seenEndings,
                Runnable unanswered) {
            this.script = script.on(variant);
            this.unanswered = unanswered;
            this.type = type;
            this.outputs = outputs;
            this.keys = keys;
            this.args = args;
            this.reply = reply;
            this.owner = owner;
            this.seenEndings = seenEndings;
        }

        CompletableFuture<R> start(boolean text) {
            send(text);
            return this;
        }

        private void send(boolean text) {
            byText = text;
            if (text) {
                commands.<T>eval(script.body(), type, keys, args).whenComplete(this);
            } else {
                commands.dispatch(CommandType.EVALSHA, outputs != null ? outputs.get() : ScriptRunner.<T>output(type),
                        evalshaArgs()).whenComplete(this);
            }
        }

        /**
         * What Lettuce's {@code evalsha} sends, written without its per-argument encoding ({@link EvalshaArgs}): the
         * script's digest as ready bytes, the keys and the values.
         */
        private CommandArgs<String, String> evalshaArgs() {
            return new EvalshaArgs(script.sha1Bytes(), keys, args);
        }

        @Override
        public void accept(T value, Throwable failure) {
            if (failure == null) {
                answer(value);
            } else if (!byText && RedisErrors.isServerError(failure, "NOSCRIPT")) {
                sendAgain(failure, true);
            } else if (triesLeft > 0 && RedisErrors.isServerError(failure, "TRYAGAIN")) {
                triesLeft--;
                try {
                    CompletableFuture.runAsync(() -> sendAgain(failure, byText), TRY_AGAIN_PAUSE);
                } catch (RuntimeException e) {
                    fail(e);
                }
            } else {
                if (unanswered != null && RedisErrors.unwrap(failure) instanceof RedisCommandTimeoutException) {
                    unanswered.run();
                }
                fail(failure);
            }
        }

        /** Sends the run again after {@code refusal} (it ran nothing), unless its call has ended meanwhile. */
        private void sendAgain(Throwable refusal, boolean text) {
            if (owner != null && endedSince(owner, seenEndings)) {
                fail(new NotRun(refusal));
                return;
            }
            try {
                send(text);
            } catch (RuntimeException e) { // the driver refuses synchronously, e.g. on a connection being closed
                fail(e);
            }
        }

        @SuppressWarnings("unchecked")
        private void answer(T value) {
            if (reply == null) {
                complete((R) value);
                return;
            }
            try {
                complete(reply.apply(value));
            } catch (RuntimeException e) {
                completeExceptionally(new CompletionException(e));
            }
        }

        /** As a stage after the command would see it: mapped answers travel wrapped, raw ones as they came. */
        private void fail(Throwable failure) {
            completeExceptionally(reply == null || failure instanceof CompletionException ? failure
                    : new CompletionException(failure));
        }
    }
}
