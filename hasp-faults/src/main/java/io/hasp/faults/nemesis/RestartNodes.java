package io.hasp.faults.nemesis;

import io.hasp.faults.check.Fault;
import io.hasp.testkit.RedisServer;
import java.util.List;

/**
 * SIGKILL of lock servers (a crash, not a clean shutdown), then a start on the same port and directory. Without
 * persistence the locks are gone and the fault is logged as losing data; with AOF and {@code appendfsync always}
 * every acknowledged lock comes back. All servers come back at once; a minority or majority of a multi-server lock
 * stays down for a while first, so that a majority down shows that no lock is granted meanwhile.
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
        boolean losesData = deployment.spec().persistence().restartLosesData();
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
