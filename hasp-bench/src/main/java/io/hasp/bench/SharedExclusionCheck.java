package io.hasp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link ExclusionCheck} across processes: the counters live in a small memory-mapped file that every worker JVM
 * maps, so holders in different JVMs that overlap are caught just like threads in one.
 *
 * <p>Design note. Three longs at fixed, aligned offsets: holders inside, the counter, overlaps seen. {@code inside}
 * and {@code overlaps} change by atomic add through a byte-buffer view {@link VarHandle}, which is atomic on the
 * shared page for every process that maps it. The counter is read and written separately on purpose: overlapping
 * holders lose updates, and the parent compares the counter with the sections the workers report. Thread-safe.
 */
final class SharedExclusionCheck implements CriticalSection, AutoCloseable {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    private static final int INSIDE = 0;
    private static final int COUNTER = 8;
    private static final int OVERLAPS = 16;
    private static final int SIZE = 64;

    private final FileChannel channel;
    private final MappedByteBuffer buffer;

    private SharedExclusionCheck(FileChannel channel, MappedByteBuffer buffer) {
        this.channel = channel;
        this.buffer = buffer;
    }

    /** Maps {@code file}, creating it zeroed if it does not exist. */
    static SharedExclusionCheck map(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new SharedExclusionCheck(channel, channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file, e);
        }
    }

    @Override
    public void run() {
        if ((long) LONGS.getAndAdd(buffer, INSIDE, 1L) != 0) {
            LONGS.getAndAdd(buffer, OVERLAPS, 1L);
        }
        long counter = (long) LONGS.getVolatile(buffer, COUNTER);
        LONGS.setVolatile(buffer, COUNTER, counter + 1); // not atomic on purpose: overlapping holders lose updates
        LONGS.getAndAdd(buffer, INSIDE, -1L);
    }

    long counter() {
        return (long) LONGS.getVolatile(buffer, COUNTER);
    }

    long overlaps() {
        return (long) LONGS.getVolatile(buffer, OVERLAPS);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the shared exclusion file", e);
        }
    }
}
