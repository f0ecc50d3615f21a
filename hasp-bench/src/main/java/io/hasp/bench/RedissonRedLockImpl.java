package io.hasp.bench;

import java.util.ArrayList;
import java.util.List;
import org.redisson.RedissonRedLock;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Redisson's {@code RedissonRedLock} over N independent Redis servers: one Redisson client per server, one
 * {@code RLock} from each, combined per acquire. Redisson deprecated it; it is still the peer users would pick.
 */
final class RedissonRedLockImpl implements LockImpl {
    private final List<RedisTarget> nodes;

    RedissonRedLockImpl(List<RedisTarget> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public String id() {
        return "redisson-redlock-" + nodes.size();
    }

    @Override
    public String label() {
        return "Redisson " + Versions.redisson() + " RedissonRedLock (" + nodes.size() + " nodes)";
    }

    @Override
    public LockClient newClient() {
        List<RedissonClient> clients = new ArrayList<>();
        for (RedisTarget node : nodes) {
            clients.add(RedissonClients.create(node));
        }
        return new LockClient() {
            @Override
            @SuppressWarnings("deprecation") // RedissonRedLock is deprecated upstream; measuring it is the point
            public Held lock(String key) throws InterruptedException {
                RLock[] parts = new RLock[clients.size()];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = clients.get(i).getLock(key);
                }
                return RedissonLockImpl.lock(new RedissonRedLock(parts), key);
            }

            @Override
            public void close() {
                clients.forEach(RedissonClients::shutdown);
            }
        };
    }
}
