package io.hasp.cli;

import io.hasp.Hasp;
import io.hasp.KeyConflictException;
import io.hasp.LockInfo;
import io.hasp.demo.Printable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hasp force-release NAME}: break a stuck lock; never deletes data Hasp did not write. */
@Command(name = "force-release", mixinStandardHelpOptions = true,
        description = {"Delete a lock whoever holds it; its holder's next extend or release reports the loss.",
            "Refuses a key that holds data Hasp did not write. The fence counter is kept."})
final class ForceReleaseCommand implements Callable<Integer> {
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
            String shown = Printable.text(name);
            String holder = hasp.admin().inspect(name).filter(LockInfo::held)
                    .map(info -> " (it was held by token " + info.holderTokenPrefix() + "...)").orElse("");
            boolean released;
            try {
                released = hasp.admin().forceRelease(name);
            } catch (KeyConflictException e) {
                throw new CliException("refusing to force-release '" + shown + "': Redis key '" + Printable.text(e.key())
                        + "' holds data Hasp did not write; it was left untouched");
            }
            out.println(released ? "released lock '" + shown + "'" + holder
                    : "lock '" + shown + "' was not held; nothing to do");
            return 0;
        }
    }
}
