package io.hasp.cli;

import io.hasp.Hasp;
import io.hasp.LockAdmin;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hasp list}: the names of the locks whose key exists. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the locks whose key exists in the namespace (found with SCAN).")
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
            List<String> names = hasp.admin().list(limit);
            if (names.isEmpty()) {
                spec.commandLine().getErr().println("no locks in namespace '" + admin.namespace + "'");
            }
            names.forEach(spec.commandLine().getOut()::println);
            return 0;
        }
    }
}
