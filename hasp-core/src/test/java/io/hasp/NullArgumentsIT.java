package io.hasp;

import static io.hasp.ArgumentValidationTest.refusesNull;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every public entry point answers a null argument with a HaspArgumentException naming it, as the javadoc says. */
class NullArgumentsIT extends OneRedisPerClass {

    @Test
    void clientLockAndAdminRefuseNulls() {
        Lock lock = hasp.lock("nulls");
        Duration wait = Duration.ofMillis(10);
        refusesNull("lock name", () -> hasp.lock(null));
        refusesNull("options", () -> hasp.lock("nulls", null));
        refusesNull("lock name", () -> hasp.fairLock(null));
        refusesNull("options", () -> hasp.fairLock("nulls", null));
        refusesNull("options", () -> lock.withOptions(null));
        refusesNull("wait", () -> lock.tryAcquire(null));
        refusesNull("wait", () -> lock.acquire(null));
        refusesNull("wait", () -> lock.tryAcquireAsync(null));
        refusesNull("wait", () -> lock.acquireAsync(null));
        refusesNull("wait", () -> lock.withLock(null, lease -> 1));
        refusesNull("work", () -> lock.withLock(wait, null));
        refusesNull("work", () -> lock.runLocked(wait, null));
        refusesNull("unit", () -> lock.asJavaLock().tryLock(1, null));
        refusesNull("lock name", () -> hasp.admin().inspect(null));
        refusesNull("lock name", () -> hasp.admin().forceRelease(null));
        refusesNull("lock name", () -> hasp.admin().forceReleaseCount(null));
        try (Lease lease = lock.tryAcquire().orElseThrow()) {
            refusesNull("leaseTime", () -> lease.extend(null));
            refusesNull("leaseTime", () -> lease.extendAsync(null));
        }
        java.util.concurrent.locks.Lock view = lock.asJavaLock();
        refusesNull("unit", () -> view.tryLock(0, (TimeUnit) null));
    }
}
