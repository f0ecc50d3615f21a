package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LockKeysTest {
    @Test
    void aLockAndItsSideKeysShareTheHashTagOfItsName() {
        LockKeys keys = LockKeys.of("hasp:", "orders");
        assertThat(keys.name()).isEqualTo("orders");
        assertThat(keys.lockKey()).isEqualTo("hasp:{orders}");
        assertThat(keys.fenceKey()).isEqualTo("hasp:{orders}:fence");
        assertThat(keys.waitersKey()).isEqualTo("hasp:{orders}:waiters");
        assertThat(keys.channel()).isEqualTo("hasp:{orders}:wake");
        assertThat(keys.queueKey()).isEqualTo("hasp:{orders}:queue");
        assertThat(keys.liveKey()).isEqualTo("hasp:{orders}:live");
        assertThat(keys.sideKey("counts")).isEqualTo("hasp:{orders}:counts");
    }

    @Test
    void anotherPrimitiveOfTheNameLivesBesideTheLockInItsSlot() {
        LockKeys keys = LockKeys.beside("hasp:", "orders", "rw");
        assertThat(keys.lockKey()).isEqualTo("hasp:{orders}:rw");
        assertThat(keys.fenceKey()).isEqualTo("hasp:{orders}:rw:fence");
        assertThat(keys.waitersKey()).isEqualTo("hasp:{orders}:rw:waiters");
        assertThat(keys.channel()).isEqualTo("hasp:{orders}:rw:wake");
        assertThat(keys).isEqualTo(LockKeys.beside("hasp:", "orders", "rw")).isNotEqualTo(LockKeys.of("hasp:", "orders"));
    }
}
