package io.hasp.faults.nemesis;

import io.hasp.testkit.RedisServer;
import java.util.List;

/**
 * SIGSTOP of lock servers for longer than the lease time, then SIGCONT. Connections stay open and silent, so every
 * command times out; leases must run out and report lost, and nothing may hang.
 */
final class PauseNodes extends NodeNemesis {

    PauseNodes(NodeSet set) {
        super(set);
    }

    @Override
    String action() {
        return "pause";
    }

    @Override
    void hit(Deployment deployment, List<RedisServer> nodes, String detail) throws InterruptedException {
        int id = deployment.faults().begin(detail);
        nodes.forEach(RedisServer::pause);
        try {
            Thread.sleep(deployment.spec().faultLength().toMillis());
        } finally {
            nodes.forEach(RedisServer::resume);
            deployment.faults().end(id);
        }
    }
}
