package io.hasp.example;

import io.hasp.spring.integration.HaspLockRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A counter kept in Redis and incremented by a plain read-modify-write (GET, then SET): without a lock, concurrent
 * requests on one or several instances would hand out the same value twice. The registry's lock makes the increment
 * exclusive across every instance that uses the same registry key.
 */
@RestController
class CounterController {
    static final String COUNTER_KEY = "example:counter";

    private final HaspLockRegistry registry;
    private final StringRedisTemplate redis;
    private final Duration wait;

    CounterController(HaspLockRegistry registry, StringRedisTemplate redis,
            @Value("${example.counter.wait:10s}") Duration wait) {
        this.registry = registry;
        this.redis = redis;
        this.wait = wait;
    }

    /** The next value, handed out once across all instances; 503 if the lock was not had within the wait. */
    @PostMapping("/counter/increment")
    ResponseEntity<String> increment() throws InterruptedException {
        Lock lock = registry.obtain("value");
        if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("counter busy, try again\n");
        }
        try {
            String current = redis.opsForValue().get(COUNTER_KEY);
            long next = (current == null ? 0 : Long.parseLong(current)) + 1;
            redis.opsForValue().set(COUNTER_KEY, Long.toString(next));
            return ResponseEntity.ok(next + "\n");
        } finally {
            lock.unlock();
        }
    }

    @GetMapping("/counter")
    String current() {
        String current = redis.opsForValue().get(COUNTER_KEY);
        return (current == null ? "0" : current) + "\n";
    }
}
