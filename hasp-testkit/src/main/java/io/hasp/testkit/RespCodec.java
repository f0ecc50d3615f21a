package io.hasp.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes commands and decodes replies of RESP2, the Redis wire protocol. Stateless and thread-safe.
 *
 * <p>Replies map to Java as: simple string and bulk string to {@link String} (UTF-8), integer to {@link Long}, array
 * to an unmodifiable {@code List<Object>} (elements may be null), null bulk or null array to {@code null}. An error
 * reply becomes a {@link RedisReplyException} thrown by the caller, represented here by {@link ErrorReply}.
 */
final class RespCodec {
    private RespCodec() {}

    /** An error reply, returned (not thrown) so a whole pipeline or array can be read before failing. */
    record ErrorReply(String message) {}

    static byte[] encode(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + args.length * 16);
        writeAscii(out, "*" + args.length + "\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            writeAscii(out, "$" + bytes.length + "\r\n");
            out.write(bytes, 0, bytes.length);
            writeAscii(out, "\r\n");
        }
        return out.toByteArray();
    }

    /** Reads one reply; nested errors inside arrays are kept as {@link ErrorReply} elements. */
    static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Connection closed by the server");
        }
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                return new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$':
                return readBulk(in, Integer.parseInt(line));
            case '*':
                return readArray(in, Integer.parseInt(line));
            default:
                throw new IOException("Not a RESP2 reply: type byte " + type + " followed by '" + line + "'");
        }
    }

    private static String readBulk(InputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("Connection closed in the middle of a bulk string");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<Object> readArray(InputStream in, int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(read(in));
        }
        return java.util.Collections.unmodifiableList(items);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Connection closed in the middle of a reply");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("Malformed RESP line: CR without LF");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        out.write(bytes, 0, bytes.length);
    }
}
