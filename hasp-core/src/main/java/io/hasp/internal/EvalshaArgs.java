package io.hasp.internal;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The arguments of one EVALSHA, written straight into the outgoing buffer: the script's digest (ready bytes), the
 * key count, the keys and the values, each as a RESP bulk string. Lettuce's own arguments encode each string with
 * the UTF-8 codec into a temporary pooled buffer (the codec cannot size UTF-8 exactly), then copy it behind its
 * length, formatted by {@code Long.toString}: per argument a buffer taken and released, a {@code String} and a
 * {@code byte[]}, and an argument object each, on the I/O thread of every acquire and release. Here each string's
 * UTF-8 length is counted first and the string written once, behind digits written without a {@code String}.
 *
 * <p>Lettuce reads a command's arguments through {@link #count()} (the array header), {@link #encode(ByteBuf)} (the
 * rest) and, on a cluster, {@link #getFirstEncodedKey()} (the slot to route to), which this class answers from its
 * own fields; nothing is ever {@code add}ed to it. Immutable once made (the arrays are the caller's and never
 * written), so a command sent again after a redirect encodes the same bytes.
 */
final class EvalshaArgs extends CommandArgs<String, String> {
    private static final byte[] CRLF = {'\r', '\n'};

    private final byte[] sha1;
    private final String[] keys;
    private final String[] values;

    /** {@code sha1}: the script's 40 hex digits as bytes, shared and never written. */
    EvalshaArgs(byte[] sha1, String[] keys, String[] values) {
        super(StringCodec.UTF8);
        this.sha1 = sha1;
        this.keys = keys;
        this.values = values;
    }

    @Override
    public int count() {
        return 2 + keys.length + values.length;
    }

    @Override
    public ByteBuffer getFirstEncodedKey() {
        return keys.length == 0 ? null : StringCodec.UTF8.encodeKey(keys[0]);
    }

    @Override
    public void encode(ByteBuf buf) {
        writeLength(buf, sha1.length);
        buf.writeBytes(sha1).writeBytes(CRLF);
        writeLength(buf, digits(keys.length));
        writeDigits(buf, keys.length);
        buf.writeBytes(CRLF);
        for (String key : keys) {
            writeString(buf, key);
        }
        for (String value : values) {
            writeString(buf, value);
        }
    }

    private static void writeString(ByteBuf buf, String text) {
        int length = ByteBufUtil.utf8Bytes(text);
        writeLength(buf, length);
        ByteBufUtil.reserveAndWriteUtf8(buf, text, length);
        buf.writeBytes(CRLF);
    }

    /** A bulk string's header: {@code $}, its length in bytes, CRLF. */
    private static void writeLength(ByteBuf buf, int length) {
        buf.writeByte('$');
        writeDigits(buf, length);
        buf.writeBytes(CRLF);
    }

    /** {@code number}'s decimal digits (zero or more), without a {@code String}. */
    private static void writeDigits(ByteBuf buf, int number) {
        int divisor = 1;
        while (number / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            buf.writeByte('0' + number / divisor % 10);
        }
    }

    private static int digits(int number) {
        int count = 1;
        for (int rest = number / 10; rest > 0; rest /= 10) {
            count++;
        }
        return count;
    }

    /** The digest, the key count and the keys; the values (a token among them) only counted. */
    @Override
    public String toCommandString() {
        return new String(sha1, StandardCharsets.US_ASCII) + " " + keys.length + " "
                + String.join(" ", keys) + " (" + values.length + " values)";
    }

    @Override
    public String toString() {
        return "EvalshaArgs [" + toCommandString() + "]";
    }
}
