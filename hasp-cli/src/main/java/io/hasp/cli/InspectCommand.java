package io.hasp.cli;

import io.hasp.Hasp;
import io.hasp.HolderInfo;
import io.hasp.LockAdmin;
import io.hasp.LockInfo;
import io.hasp.ReadWriteLockInfo;
import io.hasp.SemaphoreInfo;
import io.hasp.demo.Durations;
import io.hasp.demo.Printable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hasp inspect NAME}: who holds a lock, for how long, and its last fencing token; and the semaphore,
 * read-write lock and election of that name, if any. Tokens are shown by their short prefix only.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show who holds a lock, its remaining lease and its last fencing token; also the semaphore",
            "(permits, holders), read-write lock (writer, readers, writers waiting) and election (leader, epoch) of",
            "that name, where Redis holds one. Tokens are shown by their first characters only."})
final class InspectCommand implements Callable<Integer> {
    private static final String FOREIGN = "foreign    a key of this %s holds data Hasp did not write (acquires"
            + " fail; Hasp will not touch it)";

    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "NAME", description = "The lock name.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Hasp hasp = admin.connect()) {
            LockAdmin locks = hasp.admin();
            Optional<LockInfo> lock = locks.inspect(name);
            Optional<SemaphoreInfo> semaphore = locks.inspectSemaphore(name);
            Optional<ReadWriteLockInfo> readWrite = locks.inspectReadWriteLock(name);
            Optional<LockInfo> election = locks.inspectElection(name);
            if (lock.isEmpty() && semaphore.isEmpty() && readWrite.isEmpty() && election.isEmpty()) {
                out.println("lock '" + Printable.text(name) + "': nothing in Redis (never taken, or its fence counter expired)");
                return 0;
            }
            lock.ifPresent(info -> print(info, out));
            semaphore.ifPresent(info -> print(info, out));
            readWrite.ifPresent(info -> print(info, out));
            election.ifPresent(info -> printElection(info, out));
            return 0;
        }
    }

    static void print(LockInfo info, PrintWriter out) {
        out.println("lock       " + Printable.text(info.name()));
        out.println("key        " + Printable.text(info.key()));
        if (info.foreignData()) {
            out.println(String.format(FOREIGN, "lock"));
        }
        if (info.held()) {
            out.println("holder     token " + info.holderTokenPrefix() + "..."
                    + info.remainingTtl().map(ttl -> ", lease ends in " + Durations.format(ttl)).orElse(
                            ", no expiry"));
        } else if (!info.foreignData()) {
            out.println("holder     none (free)");
        }
        out.println("fence      " + fence(info.fence()));
    }

    private static void print(SemaphoreInfo info, PrintWriter out) {
        out.println("semaphore  " + Printable.text(info.name()));
        out.println("key        " + Printable.text(info.key()));
        if (info.foreignData()) {
            out.println(String.format(FOREIGN, "semaphore"));
        }
        out.println("permits    " + info.permitsHeld() + " held of " + (info.permits().isPresent()
                ? Integer.toString(info.permits().getAsInt()) : "? (no count stored yet)") + ", " + info.queued()
                + " calls queued");
        holders("holder    ", info.holders(), true, out);
        out.println("fence      " + fence(info.fence()));
    }

    private static void print(ReadWriteLockInfo info, PrintWriter out) {
        out.println("rwlock     " + Printable.text(info.name()));
        out.println("key        " + Printable.text(info.key()));
        if (info.foreignData()) {
            out.println(String.format(FOREIGN, "read-write lock"));
        }
        out.println("writer     " + info.writer().map(w -> "token " + w.tokenPrefix() + "..., lease ends in "
                + Durations.format(w.remaining())).orElse("none"));
        out.println("readers    " + info.readers().size());
        holders("reader    ", info.readers(), false, out);
        out.println("waiting    " + info.writersWaiting() + " writers (new readers wait while one does)");
        out.println("fence      " + fence(info.fence()) + " (last write)");
    }

    private static void printElection(LockInfo info, PrintWriter out) {
        out.println("election   " + Printable.text(info.name()));
        out.println("key        " + Printable.text(info.key()));
        if (info.foreignData()) {
            out.println(String.format(FOREIGN, "election"));
        }
        out.println("leader     " + (info.held() ? "token " + info.holderTokenPrefix() + "..."
                + info.remainingTtl().map(ttl -> ", lease ends in " + Durations.format(ttl)).orElse("")
                : "none"));
        out.println("epoch      " + fence(info.fence()));
    }

    private static void holders(String label, List<HolderInfo> holders, boolean permits, PrintWriter out) {
        for (HolderInfo holder : holders) {
            out.println(label + " token " + holder.tokenPrefix() + "..."
                    + (permits ? ", " + holder.permits() + " permits" : "") + ", lease ends in "
                    + Durations.format(holder.remaining()));
        }
    }

    private static String fence(OptionalLong fence) {
        return fence.isPresent() ? Long.toString(fence.getAsLong()) : "none (counter expired or never written)";
    }
}
