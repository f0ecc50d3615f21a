package io.hasp.internal;

import io.hasp.Lease;
import io.hasp.Lock;
import io.hasp.LockLostException;
import io.hasp.LockedCallable;
import java.time.Duration;

/** Acquire, run, release: the body of {@link Lock#withLock}. A lease lost meanwhile is reported after the work. */
final class LockedWork {
    private LockedWork() {
    }

    static <T, X extends Exception> T run(Lock lock, Duration wait, LockedCallable<T, X> work)
            throws InterruptedException, X {
        Lease lease = lock.acquire(wait);
        T result;
        try {
            result = work.call(lease);
        } catch (Exception | Error failure) {
            LockLostException lost = lostOrNull(lease);
            if (lost != null) {
                failure.addSuppressed(lost);
            }
            lease.close();
            throw failure;
        }
        LockLostException lost = lostOrNull(lease);
        boolean released = lease.release();
        if (lost != null) {
            throw lost;
        }
        if (!released) {
            throw new LockLostException(lock.name(), "lock '" + lock.name() + "' token " + lease.tokenPrefix()
                    + ": the lease had expired when the work finished");
        }
        return result;
    }

    private static LockLostException lostOrNull(Lease lease) {
        try {
            lease.checkValid();
            return null;
        } catch (LockLostException e) {
            return e;
        }
    }
}
