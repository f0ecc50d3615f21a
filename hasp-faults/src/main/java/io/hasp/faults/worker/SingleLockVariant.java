package io.hasp.faults.worker;

import io.hasp.Hasp;
import io.hasp.Lock;
import io.hasp.LockOptions;
import java.time.Duration;
import java.util.List;

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
    public Hasp connect(List<String> uris, Duration commandTimeout, LockOptions defaults) {
        return Hasp.builder().uri(uris.get(0)).commandTimeout(commandTimeout).defaultOptions(defaults).build();
    }

    @Override
    public Lock lock(Hasp hasp, String name, LockOptions options) {
        return hasp.lock(name, options);
    }
}
