package io.hasp.faults.nemesis;

import io.hasp.faults.check.Fault;
import io.hasp.testkit.RedisServer;
import java.util.List;

/**
 * SIGKILL of lock servers (a crash, not a clean shutdown), then a start on the same port and directory. Without
 * persistence the locks are gone and the fault is logged as losing data; with AOF and {@code appendfsync always}
 * every acknowledged lock comes back.
 */
final class RestartNodes extends NodeNemesis {

    RestartNodes(NodeSet set) {
        super(set);
    }

    @Override
    String action() {
        return "restart";
    }

    @Override
    void hit(Deployment deployment, List<RedisServer> nodes, String detail) {
        boolean losesData = deployment.spec().persistence().restartLosesData();
        int id = deployment.faults().begin(detail + (losesData ? " " + Fault.DATA_LOSS : ""));
        try {
            nodes.forEach(RedisServer::kill);
            nodes.forEach(RedisServer::restart);
        } finally {
            deployment.faults().end(id);
        }
    }
}
