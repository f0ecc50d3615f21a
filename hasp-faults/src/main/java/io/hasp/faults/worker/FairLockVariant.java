package io.hasp.faults.worker;

import io.hasp.Hasp;
import io.hasp.Lock;
import io.hasp.LockOptions;

/**
 * The fair lock on one Redis: {@code hasp.fairLock(name)}, first come first served with direct hand-off on release.
 * It shares the plain lock's key, so the broken plain-DEL release applies to it unchanged. Stateless.
 */
final class FairLockVariant implements LockVariant {

    @Override
    public String name() {
        return "fair";
    }

    @Override
    public int nodes() {
        return 1;
    }

    @Override
    public Lock lock(Hasp hasp, String name, LockOptions options) {
        return hasp.fairLock(name, options);
    }
}
