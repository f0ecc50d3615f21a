package io.hasp.bench;

import io.hasp.RedlockOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.integration.redis.util.RedisLockRegistry.RedisLockType;

/** Which implementation each scenario compares. */
final class Implementations {
    /** What the default run compares in the mutual-exclusion scenarios. */
    static final List<String> DEFAULT_IDS = List.of("hasp", "redisson", "spring", "raw");
    /** Every id {@code --impls} accepts. */
    static final Set<String> KNOWN_IDS = Set.of("hasp", "hasp-fair", "redisson", "spring", "spring-pubsub", "raw");

    private Implementations() {
    }

    /** The plain locks (S1 to S4), in the order given. */
    static List<Candidate> mutexes(List<String> ids, RedisTarget redis) {
        List<Candidate> candidates = new ArrayList<>();
        for (String id : ids) {
            candidates.add(Candidate.of(mutex(id, redis)));
        }
        return candidates;
    }

    static LockImpl mutex(String id, RedisTarget redis) {
        switch (id) {
            case "hasp":
                return new HaspImpl(redis);
            case "hasp-fair":
                return new HaspFairLockImpl(redis); // opt-in: its free-lock cost next to the plain lock's (issue 17)
            case "redisson":
                return new RedissonLockImpl(redis);
            case "spring":
                return new SpringRegistryImpl(redis, RedisLockType.SPIN_LOCK);
            case "spring-pubsub":
                return new SpringRegistryImpl(redis, RedisLockType.PUB_SUB_LOCK);
            case "raw":
                return new RawImpl(redis);
            default:
                throw new IllegalArgumentException("--impls: unknown implementation '" + id + "', expected one of "
                        + KNOWN_IDS);
        }
    }

    /** The fair locks (S5). */
    static List<Candidate> fairLocks(RedisTarget redis) {
        return List.of(haspFair(redis), Candidate.of(new RedissonFairLockImpl(redis), "redisson"));
    }

    /** Hasp's fair lock (issue 3). */
    static Candidate haspFair(RedisTarget redis) {
        return Candidate.of(new HaspFairLockImpl(redis), "hasp");
    }

    /**
     * The semaphores of P1 and P2: Hasp's and Redisson's two, each of {@code permits} permits, and the raw floor
     * (chosen with {@code raw}).
     */
    static List<Candidate> semaphores(RedisTarget redis, int permits) {
        return List.of(Candidate.of(new HaspSemaphoreImpl(redis, permits), "hasp"),
                Candidate.of(new RedissonSemaphoreImpl(redis, permits, false), "redisson"),
                Candidate.of(new RedissonSemaphoreImpl(redis, permits, true), "redisson"),
                Candidate.of(new RawSemaphoreImpl(redis, permits), "raw"));
    }

    /** The read-write locks of P3 (and, one side at a time, of the census PC). */
    static List<Candidate> readWriteLocks(RedisTarget redis, ReadWriteMix mix) {
        return List.of(Candidate.of(new HaspReadWriteImpl(redis, mix), "hasp"),
                Candidate.of(new RedissonReadWriteImpl(redis, mix), "redisson"));
    }

    /** What the census PC counts: each semaphore, then each read-write lock's read side and write side. */
    static List<Candidate> primitivesCensus(RedisTarget redis, int permits) {
        List<Candidate> candidates = new ArrayList<>(semaphores(redis, permits));
        candidates.addAll(readWriteLocks(redis, ReadWriteMix.READ));
        candidates.addAll(readWriteLocks(redis, ReadWriteMix.WRITE));
        return candidates;
    }

    /** Hasp's Redlock over {@code nodes} with its default options (issue 5). */
    static Candidate haspRedlock(List<RedisTarget> nodes) {
        return haspRedlock(nodes, RedlockOptions.defaults());
    }

    /** Hasp's Redlock over {@code nodes} with {@code options}. */
    static Candidate haspRedlock(List<RedisTarget> nodes, RedlockOptions options) {
        return Candidate.of(new HaspRedlockImpl(nodes, options), "hasp");
    }
}
