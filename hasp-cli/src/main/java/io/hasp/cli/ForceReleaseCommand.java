package io.hasp.cli;

import io.hasp.Hasp;
import io.hasp.KeyConflictException;
import io.hasp.LockAdmin;
import io.hasp.LockInfo;
import io.hasp.demo.Printable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hasp force-release [--kind KIND] NAME}: break a stuck lock, or end every lease of a semaphore or read-write
 * lock, or depose an election's leader; never deletes data Hasp did not write.
 */
@Command(name = "force-release", mixinStandardHelpOptions = true,
        description = {"Delete a lock whoever holds it; its holder's next extend or release reports the loss.",
            "With --kind: end every lease of a semaphore (its permit count is kept) or of a read-write lock (writer",
            "and readers), or depose an election's leader (the next candidate is elected with a higher epoch).",
            "Refuses a key that holds data Hasp did not write. The fence counter is kept."})
final class ForceReleaseCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "NAME", description = "The lock name.")
    String name;

    /** What NAME names. */
    enum Kind { lock, semaphore, rwlock, election }

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "lock",
            description = "What to release: ${COMPLETION-CANDIDATES}; default: ${DEFAULT-VALUE}.")
    Kind kind;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Hasp hasp = admin.connect()) {
            String shown = Printable.text(name);
            LockAdmin locks = hasp.admin();
            try {
                out.println(switch (kind) {
                    case lock -> releaseLock(locks, shown);
                    case semaphore -> {
                        int ended = locks.forceReleaseSemaphore(name);
                        yield ended > 0 ? "ended " + ended + " leases of semaphore '" + shown + "'"
                                : "semaphore '" + shown + "' had no lease; nothing to do";
                    }
                    case rwlock -> {
                        int ended = locks.forceReleaseReadWriteLock(name);
                        yield ended > 0 ? "ended " + ended + " leases (writer and readers) of read-write lock '"
                                + shown + "'" : "read-write lock '" + shown + "' was not held; nothing to do";
                    }
                    case election -> {
                        String leader = locks.inspectElection(name).filter(LockInfo::held)
                                .map(info -> " (token " + info.holderTokenPrefix() + "...)").orElse("");
                        yield locks.forceReleaseElection(name) ? "deposed the leader of election '" + shown + "'"
                                + leader : "election '" + shown + "' had no leader; nothing to do";
                    }
                });
            } catch (KeyConflictException e) {
                throw new CliException("refusing to force-release '" + shown + "': Redis key '" + Printable.text(e.key())
                        + "' holds data Hasp did not write; it was left untouched");
            }
            return 0;
        }
    }

    private String releaseLock(LockAdmin locks, String shown) {
        String holder = locks.inspect(name).filter(LockInfo::held)
                .map(info -> " (it was held by token " + info.holderTokenPrefix() + "...)").orElse("");
        return locks.forceRelease(name) ? "released lock '" + shown + "'" + holder
                : "lock '" + shown + "' was not held; nothing to do";
    }
}
