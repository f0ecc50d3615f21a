package io.hasp.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/**
 * Sends each request to the handler of its exact path; anything else gets {@code fallback}. The JDK server matches
 * contexts by prefix ({@code /incrementXYZ} would reach {@code /increment}), so the service registers only {@code /}
 * and routes here. Immutable and thread-safe.
 */
final class Routes implements HttpHandler {
    private final Map<String, HttpHandler> byPath;
    private final HttpHandler fallback;

    Routes(Map<String, HttpHandler> byPath, HttpHandler fallback) {
        this.byPath = Map.copyOf(byPath);
        this.fallback = fallback;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        byPath.getOrDefault(exchange.getRequestURI().getPath(), fallback).handle(exchange);
    }
}
