package io.hasp.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** An HTTP status and body, and the one way the service sends them. Immutable. */
record Reply(int status, String contentType, String body) {
    static final String JSON = "application/json";

    static Reply json(int status, String body) {
        return new Reply(status, JSON, body);
    }

    /**
     * This reply with its body padded by trailing spaces (valid JSON whitespace) to {@code length} bytes, when it is
     * shorter. {@code ab} counts every response whose length differs from the first one's as a failed request, so
     * {@code /increment} answers with one fixed length however many digits the counter has.
     */
    Reply paddedTo(int length) {
        int missing = length - body.getBytes(StandardCharsets.UTF_8).length;
        return missing <= 0 ? this : new Reply(status, contentType, body + " ".repeat(missing));
    }

    /**
     * Sends this reply and ends the exchange. The request body was read before the handler ran (see
     * {@link CounterService}), so the connection can be reused.
     */
    void send(HttpExchange exchange) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
