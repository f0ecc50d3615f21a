package io.hasp.cli;

import io.hasp.Hasp;
import io.hasp.LockInfo;
import io.hasp.demo.Durations;
import io.hasp.demo.Printable;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hasp inspect NAME}: who holds a lock, for how long, and its last fencing token. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show who holds a lock, its remaining lease and its last fencing token.")
final class InspectCommand implements Callable<Integer> {
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
            Optional<LockInfo> found = hasp.admin().inspect(name);
            if (found.isEmpty()) {
                out.println("lock '" + Printable.text(name) + "': nothing in Redis (never taken, or its fence counter expired)");
                return 0;
            }
            print(found.get(), out);
            return 0;
        }
    }

    static void print(LockInfo info, PrintWriter out) {
        out.println("lock       " + Printable.text(info.name()));
        out.println("key        " + Printable.text(info.key()));
        if (info.foreignData()) {
            out.println("foreign    a key of this lock holds data Hasp did not write (acquires fail; Hasp will not"
                    + " touch it)");
        }
        if (info.held()) {
            out.println("holder     token " + info.holderTokenPrefix() + "..."
                    + info.remainingTtl().map(ttl -> ", lease ends in " + Durations.format(ttl)).orElse(
                            ", no expiry"));
        } else if (!info.foreignData()) {
            out.println("holder     none (free)");
        }
        out.println("fence      " + (info.fence().isPresent() ? Long.toString(info.fence().getAsLong())
                : "none (counter expired or never written)"));
    }
}
