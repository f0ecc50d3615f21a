package io.hasp.faults.nemesis;

import io.hasp.faults.check.Fault;
import io.hasp.testkit.RedisServer;
import java.util.List;

/**
 * SIGKILL of lock servers (a crash, not a clean shutdown), then a start on the same port and directory. With AOF and
 * {@code appendfsync always} every acknowledged lock comes back.
 *
 * <p>All servers of a single-server lock come back at once: without persistence its locks are gone, and the fault is
 * logged as losing data (two holders may then overlap; the checker counts that as the cost of no persistence). A
 * minority or majority of a multi-server lock stays down for 1.5 lease times first: a majority down shows that no
 * lock is granted meanwhile, and coming back only after every lease it granted has run out is Redlock's
 * delayed-restart rule, under which a restart without persistence must not cause a double grant; so it is not
 * logged as losing data, and the checker allows no double grant.
 */
final class RestartNodes extends NodeNemesis {
    private final boolean staysDown;

    RestartNodes(NodeSet set) {
        super(set);
        this.staysDown = set != NodeSet.ALL;
    }

    @Override
    String action() {
        return "restart";
    }

    @Override
    void hit(Deployment deployment, List<RedisServer> nodes, String detail) throws InterruptedException {
        boolean losesData = deployment.spec().persistence().restartLosesData() && !staysDown;
        int id = deployment.faults().begin(detail + (losesData ? " " + Fault.DATA_LOSS : ""));
        nodes.forEach(RedisServer::kill);
        try {
            if (staysDown) {
                Thread.sleep(deployment.spec().faultLength().toMillis());
            }
        } finally {
            nodes.forEach(RedisServer::restart);
            deployment.faults().end(id);
        }
    }
}
