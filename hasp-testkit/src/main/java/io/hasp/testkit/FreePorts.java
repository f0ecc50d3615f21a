package io.hasp.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds loopback ports that are free right now. A port can still be taken by someone else before we bind it, so
 * callers retry on "Address already in use". Stateless and thread-safe.
 */
final class FreePorts {
    /** Redis Cluster listens on {@code port + 10000} for its bus (Redis 6.2 cannot configure it). */
    static final int CLUSTER_BUS_OFFSET = 10_000;

    private static final int ATTEMPTS = 200;

    private FreePorts() {}

    /** A port the kernel just handed out for 127.0.0.1. */
    static int any() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new TestkitException("Could not find a free loopback port", e);
        }
    }

    /**
     * A port {@code p} such that both {@code p} and {@code p + 10000} are free: the kernel's ephemeral range often sits
     * above 55535, where {@code p + 10000} would not exist, so we pick from a fixed range instead.
     */
    static int withClusterBus() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = random.nextInt(20_000, 65_535 - CLUSTER_BUS_OFFSET);
            if (isFree(port) && isFree(port + CLUSTER_BUS_OFFSET)) {
                return port;
            }
        }
        throw new TestkitException("Could not find a free loopback port p with p+" + CLUSTER_BUS_OFFSET + " also free");
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
