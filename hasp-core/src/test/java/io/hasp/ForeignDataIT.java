package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A lock key holding someone else's data is never deleted or overwritten. */
class ForeignDataIT extends OneRedisPerClass {
    @Test
    void aHashAtTheLockKeyFailsTheAcquireAndStaysUntouched() {
        redis.command("HSET", "hasp:{cart}", "item", "1");
        assertThatThrownBy(() -> hasp.lock("cart").tryAcquire()).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining("hasp:{cart}").hasMessageContaining("hash")
                .satisfies(e -> assertThat(((KeyConflictException) e).lockName()).isEqualTo("cart"));
        assertThatThrownBy(() -> hasp.lock("cart").acquire(Duration.ofSeconds(1)))
                .isInstanceOf(KeyConflictException.class);
        assertThat(redis.command("HGET", "hasp:{cart}", "item")).isEqualTo("1");
        assertThat(redis.command("EXISTS", "hasp:{cart}:fence")).isEqualTo(0L);
    }

    @Test
    void aForeignStringAtTheLockKeyFailsTheAcquireAndStaysUntouched() {
        redis.command("SET", "hasp:{user}", "somebody's session", "PX", "60000");
        assertThatThrownBy(() -> hasp.lock("user").tryAcquire()).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining("string");
        assertThat(redis.command("GET", "hasp:{user}")).isEqualTo("somebody's session");
        assertThat((Long) redis.command("PTTL", "hasp:{user}")).isGreaterThan(50_000L);
    }

    @Test
    void aForeignFenceKeyFailsTheAcquireAndNothingIsWritten() {
        redis.command("LPUSH", "hasp:{q}:fence", "x");
        assertThatThrownBy(() -> hasp.lock("q").tryAcquire()).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining("hasp:{q}:fence");
        assertThat(redis.command("EXISTS", "hasp:{q}")).isEqualTo(0L);
        redis.command("DEL", "hasp:{q}:fence");
        redis.command("SET", "hasp:{q}:fence", "not a number");
        assertThatThrownBy(() -> hasp.lock("q").tryAcquire()).isInstanceOf(KeyConflictException.class);
        assertThat(redis.command("GET", "hasp:{q}:fence")).isEqualTo("not a number");
    }

    @Test
    void aReleaseNeverDeletesForeignDataThatReplacedTheLock() {
        Lease lease = hasp.lock("swap").tryAcquire().orElseThrow();
        redis.command("DEL", "hasp:{swap}");
        redis.command("HSET", "hasp:{swap}", "f", "v");
        assertThat(lease.release()).isFalse();
        assertThat(redis.command("HGET", "hasp:{swap}", "f")).isEqualTo("v");
    }

    @Test
    void aForeignWaiterRegistryFailsTheAcquireOfAFreeLockAndLeavesNothingWritten() {
        redis.command("SET", "hasp:{reg}:waiters", "not a registry");
        assertThatThrownBy(() -> hasp.lock("reg").tryAcquire()).isInstanceOf(KeyConflictException.class)
                .hasMessageContaining("hasp:{reg}:waiters").hasMessageContaining("string");
        // Every key is checked before the script writes anything: neither the lock nor the fence was written.
        assertThat(redis.command("EXISTS", "hasp:{reg}")).isEqualTo(0L);
        assertThat(redis.command("EXISTS", "hasp:{reg}:fence")).isEqualTo(0L);
        assertThat(redis.command("GET", "hasp:{reg}:waiters")).isEqualTo("not a registry");
    }

    @Test
    void aReleaseLeavesAForeignWaiterRegistryAlone() {
        Lease lease = hasp.lock("reg2").tryAcquire().orElseThrow();
        redis.command("HSET", "hasp:{reg2}:waiters", "f", "v");
        assertThat(lease.release()).isTrue();
        assertThat(redis.command("EXISTS", "hasp:{reg2}")).isEqualTo(0L);
        assertThat(redis.command("HGET", "hasp:{reg2}:waiters", "f")).isEqualTo("v");
    }
}
