package io.hasp.internal;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.NestedMultiOutput;
import java.nio.ByteBuffer;

/**
 * What an acquire script's EVALSHA answer is read into: its common answer, a bare fence (granted, no waiter seen),
 * becomes that fence as a {@link AcquireReply} at once, read from the reply's digits where Lettuce hands them over;
 * any other answer (a list that starts with its code) is read as Lettuce's multi-bulk output reads it, and
 * {@link #get()} is that list. A bare fence through the multi-bulk output cost a list, its queue of nested lists,
 * the digits' buffer view, {@code byte[]} and {@code String}, then a parse, on the I/O thread of every uncontended
 * acquire.
 *
 * <p>Only a reply whose first and only event is a bulk string of at most 18 decimal digits or an integer is taken
 * as a bare fence; everything else, from its first event on, goes to a {@link NestedMultiOutput}, which reads it as
 * before (an error reply sets this output's error, as it set the multi-bulk output's). One per command, read by one
 * I/O thread; not thread-safe, like every Lettuce output.
 */
final class AcquireOutput extends CommandOutput<String, String, Object> {
    private static final int MAX_DIGITS = 18; // below 10^18: no overflow check needed

    private NestedMultiOutput<String, String> list;
    private AcquireReply bare;

    AcquireOutput() {
        super(StringCodec.UTF8, null);
    }

    /** The bare fence's grant, or the list the script answered (an empty list if nothing was heard). */
    @Override
    public Object get() {
        return list == null && bare != null ? bare : list().get();
    }

    @Override
    public void set(ByteBuffer bytes) {
        if (list == null && bare == null && bytes != null) {
            long fence = digits(bytes);
            if (fence >= 0) {
                bare = AcquireReply.granted(fence, false);
                return;
            }
        }
        list().set(bytes);
    }

    @Override
    public void set(long integer) {
        if (list == null && bare == null) {
            bare = AcquireReply.granted(integer, false);
            return;
        }
        list().set(integer);
    }

    @Override
    public void setSingle(ByteBuffer bytes) {
        list().setSingle(bytes);
    }

    @Override
    public void setBigNumber(ByteBuffer bytes) {
        list().setBigNumber(bytes);
    }

    @Override
    public void set(double number) {
        list().set(number);
    }

    @Override
    public void set(boolean value) {
        list().set(value);
    }

    @Override
    public void multi(int count) {
        list().multi(count);
    }

    @Override
    public void multiArray(int count) {
        list().multiArray(count);
    }

    @Override
    public void multiSet(int count) {
        list().multiSet(count);
    }

    @Override
    public void multiMap(int count) {
        list().multiMap(count);
    }

    @Override
    public void multiPush(int count) {
        list().multiPush(count);
    }

    @Override
    public void complete(int depth) {
        if (list != null) {
            list.complete(depth);
        }
    }

    private NestedMultiOutput<String, String> list() {
        if (list == null) {
            list = new NestedMultiOutput<>(StringCodec.UTF8);
        }
        return list;
    }

    /** The value of {@code bytes}' decimal digits (1 to 18 of them, nothing else), or -1; the buffer is not moved. */
    private static long digits(ByteBuffer bytes) {
        int from = bytes.position();
        int length = bytes.remaining();
        if (length == 0 || length > MAX_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < from + length; i++) {
            int digit = bytes.get(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
