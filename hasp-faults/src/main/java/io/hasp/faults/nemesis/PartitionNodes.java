package io.hasp.faults.nemesis;

import io.hasp.testkit.FaultProxy;
import io.hasp.testkit.RedisServer;
import java.util.ArrayList;
import java.util.List;

/**
 * Every worker cut off from some lock servers at once, for longer than the lease time: their fault proxies to those
 * servers black-hole all traffic. Unlike a paused server, the server keeps running (keys expire on time), and the
 * commands held during the partition arrive late when it heals (TCP delivers them in order): a late acquire may
 * grant a lock to a client that gave up on it long ago.
 */
final class PartitionNodes extends NodeNemesis {

    PartitionNodes(NodeSet set) {
        super(set);
    }

    @Override
    String action() {
        return "partition";
    }

    @Override
    void hit(Deployment deployment, List<RedisServer> nodes, String detail) throws InterruptedException {
        List<FaultProxy> cut = new ArrayList<>();
        for (String worker : deployment.workerNames()) {
            List<FaultProxy> proxies = deployment.proxiesOf(worker);
            for (RedisServer node : nodes) {
                cut.add(proxies.get(deployment.lockNodes().indexOf(node)));
            }
        }
        int id = deployment.faults().begin(detail);
        cut.forEach(proxy -> proxy.blackhole(true));
        try {
            Thread.sleep(deployment.spec().faultLength().toMillis());
        } finally {
            cut.forEach(FaultProxy::reset);
            deployment.faults().end(id);
        }
    }
}
