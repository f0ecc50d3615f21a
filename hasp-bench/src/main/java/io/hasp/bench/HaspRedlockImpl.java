package io.hasp.bench;

import io.hasp.Hasp;
import java.util.List;

/** Hasp's Redlock over independent Redis servers ({@code Hasp.connect(uri1, uri2, ...)}), for S6. */
final class HaspRedlockImpl implements LockImpl {
    private final List<RedisTarget> nodes;

    HaspRedlockImpl(List<RedisTarget> nodes) {
        this.nodes = List.copyOf(nodes);
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
        return HaspImpl.client(HaspImpl.connect(uris), Hasp::lock);
    }
}
