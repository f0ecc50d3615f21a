package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** withLock/runLocked acquire, run, release, and surface a lost lease after the work. */
class WithLockIT extends OneRedisPerClass {
    @Test
    void returnsTheResultAndReleases() throws Exception {
        long fence = hasp.lock("w").withLock(Duration.ofSeconds(1), lease -> {
            assertThat(redis.command("EXISTS", "hasp:{w}")).isEqualTo(1L);
            return lease.fencingToken();
        });
        assertThat(fence).isPositive();
        assertThat(redis.command("EXISTS", "hasp:{w}")).isEqualTo(0L);
    }

    @Test
    void checkedExceptionsPassThroughAndTheLockIsReleased() {
        assertThatThrownBy(() -> hasp.lock("x").runLocked(Duration.ofSeconds(1), lease -> {
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(redis.command("EXISTS", "hasp:{x}")).isEqualTo(0L);
    }

    @Test
    void aLeaseLostDuringTheWorkIsReportedAfterIt() {
        assertThatThrownBy(() -> hasp.lock("lost").withLock(Duration.ofSeconds(1), lease -> {
            redis.command("DEL", "hasp:{lost}");
            redis.command("SET", "hasp:{lost}", "hasp1:22222222222222222222222222222222");
            return "done";
        })).isInstanceOf(LockLostException.class).hasMessageContaining("'lost'");
        assertThat(redis.command("GET", "hasp:{lost}")).isEqualTo("hasp1:22222222222222222222222222222222");
    }

    @Test
    void aBusyLockTimesOutWithoutRunningTheWork() {
        Lease holder = hasp.lock("busy").tryAcquire().orElseThrow();
        assertThatThrownBy(() -> hasp.lock("busy").runLocked(Duration.ofMillis(100), lease -> {
            throw new AssertionError("must not run");
        })).isInstanceOf(LockTimeoutException.class);
        holder.close();
    }
}
