package io.hasp.bench;

import io.hasp.Hasp;
import io.hasp.RedlockOptions;
import java.util.List;

/** Hasp's Redlock over independent Redis servers ({@code Hasp.connect(uri1, uri2, ...)}), for S6 and S7. */
final class HaspRedlockImpl implements LockImpl {
    private final List<RedisTarget> nodes;
    private final RedlockOptions options;

    HaspRedlockImpl(List<RedisTarget> nodes, RedlockOptions options) {
        this.nodes = List.copyOf(nodes);
        this.options = options;
    }

    @Override
    public String id() {
        return "hasp-redlock-" + nodes.size();
    }

    @Override
    public String label() {
        return "Hasp " + Versions.hasp() + " Redlock (" + nodes.size() + " nodes)";
    }

    @Override
    public LockClient newClient() {
        String[] uris = nodes.stream().map(RedisTarget::uri).toArray(String[]::new);
        return HaspImpl.client(HaspImpl.connect(options, uris), Hasp::lock);
    }
}
