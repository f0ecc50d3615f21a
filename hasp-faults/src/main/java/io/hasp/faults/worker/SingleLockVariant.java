package io.hasp.faults.worker;

import io.hasp.Hasp;
import io.hasp.Lock;
import io.hasp.LockOptions;

/** The single-Redis lock: {@code hasp.lock(name)}. Stateless. */
final class SingleLockVariant implements LockVariant {

    @Override
    public String name() {
        return "single";
    }

    @Override
    public int nodes() {
        return 1;
    }

    @Override
    public Lock lock(Hasp hasp, String name, LockOptions options) {
        return hasp.lock(name, options);
    }
}
