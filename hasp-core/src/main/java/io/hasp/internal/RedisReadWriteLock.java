package io.hasp.internal;

import io.hasp.Lock;
import io.hasp.LockOptions;
import io.hasp.ReadWriteLock;

/**
 * A read-write lock handle: two {@link RedisLock}s on the same keys, each over its side's {@link ReadWriteBackend}
 * in a copy of the client's {@link LockContext}. Immutable and thread-safe.
 */
final class RedisReadWriteLock implements ReadWriteLock {
    private final LockKeys keys;
    private final Lock readLock;
    private final Lock writeLock;

    RedisReadWriteLock(LockContext context, ScriptRunner scripts, SingleNodeBackend writer, LockKeys keys,
            LockOptions options) {
        this.keys = keys;
        long intentMillis = options.waiterHeartbeat().toMillis();
        this.readLock = new RedisLock(context.withBackend(new ReadWriteBackend(scripts, null, intentMillis)), keys,
                options);
        this.writeLock = new RedisLock(context.withBackend(new ReadWriteBackend(scripts, writer, intentMillis)),
                keys, options);
    }

    @Override
    public String name() {
        return keys.name();
    }

    @Override
    public Lock readLock() {
        return readLock;
    }

    @Override
    public Lock writeLock() {
        return writeLock;
    }

    @Override
    public String toString() {
        return "ReadWriteLock{" + keys.name() + '}';
    }
}
