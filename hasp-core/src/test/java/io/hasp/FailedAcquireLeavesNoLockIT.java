package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An acquire script that fails (here: an ACL user without {@code +time}, which the fencing token needs) must not
 * leave the lock key behind: the caller was told it failed, so nobody may hold the lock in its name.
 */
class FailedAcquireLeavesNoLockIT extends OneRedisPerClass {
    private static final String NO_TIME_USER = "ACL SETUSER notime on >secret ~hasp:* &hasp:* +ping +info +evalsha"
            + " +eval +type +exists +get +set +del +pexpire +pttl +publish +subscribe +unsubscribe +zadd +zrem +zcard"
            + " +zrange +zrangebyscore +zrank +zscore +zremrangebyscore +scan";

    @BeforeEach
    void createUsersWithoutTimeAndWithoutRegistryReads() {
        redis.command(NO_TIME_USER.split(" "));
        // No registry reads (ZCARD in the common case, ZRANGE on the full path): the grant fails after its SET.
        redis.command(NO_TIME_USER.replace("notime", "noregistry").replace(" +zcard", "")
                .replace(" +zrange +zrangebyscore", " +zrangebyscore").concat(" +time").split(" "));
    }

    private static String noTimeUri() {
        return uriOf("notime");
    }

    private static String uriOf(String user) {
        return "redis://" + user + ":secret@" + io.hasp.testkit.RedisServer.HOST + ":" + redis.port();
    }

    @Test
    void aPlainAcquireThatFailsAfterFindingTheLockFreeLeavesNoKey() throws Exception {
        try (Hasp denied = Hasp.connect(noTimeUri())) {
            assertThatThrownBy(() -> denied.lock("t").tryAcquire()).isInstanceOf(HaspException.class)
                    .hasMessageContaining("refused");
            assertThatThrownBy(() -> denied.lock("t").acquire(Duration.ofMillis(200)))
                    .isInstanceOf(HaspException.class);
        }
        assertThat(redis.command("EXISTS", "hasp:{t}")).isEqualTo(0L);
        try (Lease other = hasp.lock("t").tryAcquire().orElseThrow()) {
            assertThat(other.isValid()).isTrue();
        }
    }

    @Test
    void aFairAcquireThatFailsLeavesNoKey() throws Exception {
        try (Hasp denied = Hasp.connect(noTimeUri())) {
            assertThatThrownBy(() -> denied.fairLock("f").tryAcquire()).isInstanceOf(HaspException.class);
            assertThatThrownBy(() -> denied.fairLock("f").acquire(Duration.ofMillis(200)))
                    .isInstanceOf(HaspException.class);
        }
        assertThat(redis.command("EXISTS", "hasp:{f}")).isEqualTo(0L);
        assertThat(hasp.fairLock("f").tryAcquire()).isPresent().get().satisfies(Lease::close);
    }

    @Test
    void anAcquireWhoseRegistryReadIsRefusedLeavesNoKey() {
        try (Hasp denied = Hasp.connect(uriOf("noregistry"))) {
            assertThatThrownBy(() -> denied.lock("z").tryAcquire()).isInstanceOf(HaspException.class);
        }
        assertThat(redis.command("EXISTS", "hasp:{z}")).isEqualTo(0L);
        assertThat(hasp.lock("z").tryAcquire()).isPresent().get().satisfies(Lease::close);
    }
}
