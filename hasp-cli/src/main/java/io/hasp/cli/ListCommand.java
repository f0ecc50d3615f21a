package io.hasp.cli;

import io.hasp.Hasp;
import io.hasp.LockAdmin;
import io.hasp.LockListing;
import io.hasp.demo.Printable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hasp list}: the names of the locks whose key exists, then the semaphores, read-write locks and elections,
 * each line saying its kind.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the locks whose key exists in the namespace (found with SCAN), one per line; then the",
            "semaphores, read-write locks and elections, as 'semaphore NAME', 'rwlock NAME', 'election NAME'.",
            "Keys no lock name maps to are named on stderr; control characters are printed as escapes."})
final class ListCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most this many names (1 to " + LockAdmin.MAX_LIST_LIMIT + "); default: ${DEFAULT-VALUE}.")
    int limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Hasp hasp = admin.connect()) {
            LockListing listing = hasp.admin().listing(limit);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (listing.names().isEmpty() && listing.semaphores().isEmpty() && listing.readWriteLocks().isEmpty()
                    && listing.elections().isEmpty()) {
                err.println("no locks in namespace '" + Printable.text(admin.namespace) + "'");
            }
            listing.names().forEach(name -> out.println(Printable.text(name)));
            listing.semaphores().forEach(name -> out.println("semaphore " + Printable.text(name)));
            listing.readWriteLocks().forEach(name -> out.println("rwlock " + Printable.text(name)));
            listing.elections().forEach(name -> out.println("election " + Printable.text(name)));
            listing.unmappedKeys().forEach(key -> err.println("not listed, no lock name maps to this key (Hasp did"
                    + " not write it): " + Printable.text(key)));
            return 0;
        }
    }
}
