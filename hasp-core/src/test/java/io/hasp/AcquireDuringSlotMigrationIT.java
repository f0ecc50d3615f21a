package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hasp.testkit.RedisCluster;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RespClient;
import org.junit.jupiter.api.Test;

/**
 * An acquire while the lock's slot is half migrated: the lock key gone (released) and its fence counter still on the
 * old node. Redis checks a migrating slot only for the keys a script is handed; handed the lock key alone, the run was
 * redirected to the importing node, which had no counter yet and wrote one, and the migration then failed on it
 * (BUSYKEY). Handed every key, the old node answers TRYAGAIN until the keys have moved.
 */
class AcquireDuringSlotMigrationIT {
    private static final String FENCE_KEY = "hasp:{moving}:fence";

    @Test
    void theImportingNodeWritesNoSecondFenceCounterAndTheMigrationCompletes() {
        try (RedisCluster cluster = RedisCluster.start();
             Hasp hasp = Hasp.builder().cluster(cluster.uris().get(0)).build()) {
            Lease before = hasp.lock("moving").tryAcquire().orElseThrow();
            before.release();
            int slot = cluster.slotOf(FENCE_KEY);
            RedisServer home = cluster.primaryForSlot(slot);
            RedisServer away = cluster.primaries().stream().filter(p -> p != home).findFirst().orElseThrow();
            String slotText = Integer.toString(slot);
            away.command("CLUSTER", "SETSLOT", slotText, "IMPORTING", (String) home.command("CLUSTER", "MYID"));
            home.command("CLUSTER", "SETSLOT", slotText, "MIGRATING", (String) away.command("CLUSTER", "MYID"));

            catchThrowable(() -> hasp.lock("moving").tryAcquire()); // refused (TRYAGAIN) while the keys are split

            try (RespClient importing = away.client()) {
                importing.command("ASKING"); // an importing node answers for the slot's keys only when asked so
                assertThat(importing.command("EXISTS", FENCE_KEY)).as("a fence counter written on the importing node")
                        .isEqualTo(0L);
            }
            cluster.moveSlot(slot, away); // MIGRATE refuses a key the target already has
            Lease after = hasp.lock("moving").tryAcquire().orElseThrow();
            assertThat(after.fencingToken()).isGreaterThan(before.fencingToken());
            after.release();
        }
    }
}
