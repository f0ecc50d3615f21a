package io.hasp.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Binds the service's HTTP servers: on the address {@code --bind} names, else on loopback only. Loopback means both
 * 127.0.0.1 and ::1 on one port, because {@code localhost} resolves to either and clients such as {@code ab} try only
 * the first address they get. Stateless.
 */
final class Listeners {
    private static final int PORT_TRIES = 5;

    private Listeners() {
    }

    /**
     * Unstarted servers listening on {@code port} (0: one free port for all of them).
     *
     * @throws ConfigException if the address is unknown or the port is taken
     */
    static List<HttpServer> bind(String address, int port, int backlog) {
        if (!address.isEmpty()) {
            return List.of(bindOne(resolve(address), port, backlog));
        }
        InetAddress v4Loopback = resolve("127.0.0.1");
        InetAddress v6Loopback = resolve("::1");
        if (!configured(v6Loopback)) {
            return List.of(bindOne(v4Loopback, port, backlog)); // no IPv6 loopback on this host
        }
        for (int attempt = 1; ; attempt++) {
            HttpServer v4 = bindOne(v4Loopback, port, backlog);
            int bound = v4.getAddress().getPort();
            try {
                return List.of(v4, HttpServer.create(new InetSocketAddress(v6Loopback, bound), backlog));
            } catch (BindException e) {
                v4.stop(0);
                if (port != 0 || attempt == PORT_TRIES) {
                    throw new ConfigException("port " + bound + " is already in use on ::1 (" + e.getMessage() + ")");
                }
                // the free port picked on 127.0.0.1 is taken on ::1: pick another
            } catch (IOException e) {
                v4.stop(0);
                throw new ConfigException("cannot listen on [::1]:" + bound + ": " + e.getMessage());
            }
        }
    }

    private static HttpServer bindOne(InetAddress address, int port, int backlog) {
        try {
            return HttpServer.create(new InetSocketAddress(address, port), backlog);
        } catch (BindException e) {
            throw new ConfigException("port " + port + " is already in use (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ConfigException("cannot listen on " + address.getHostAddress() + ":" + port + ": "
                    + e.getMessage());
        }
    }

    private static boolean configured(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static InetAddress resolve(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new ConfigException("--bind: unknown address '" + address + "'");
        }
    }
}
