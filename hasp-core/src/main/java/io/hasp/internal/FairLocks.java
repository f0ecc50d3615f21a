package io.hasp.internal;

import io.hasp.Lock;
import io.hasp.LockOptions;

/** Makes a client's fair lock handles ({@link Topology#fairLocks}); refuses on servers without a fair queue. */
@FunctionalInterface
interface FairLocks {

    /**
     * A fair lock handle for {@code keys}.
     *
     * @throws io.hasp.HaspException if these servers cannot keep a fair queue; the message says what to use
     */
    Lock lock(LockKeys keys, LockOptions options);
}
