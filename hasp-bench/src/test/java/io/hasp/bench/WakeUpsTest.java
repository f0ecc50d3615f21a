package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WakeUpsTest {
    private static final Path OWN_THREAD = Path.of("/proc/thread-self/status");

    @Test
    void readsTheVoluntarySwitchesLineOfAStatusFile() {
        String status = "Name:\tjava\nState:\tS (sleeping)\nvoluntary_ctxt_switches:\t1234\n"
                + "nonvoluntary_ctxt_switches:\t56\n";

        assertThat(WakeUps.parseStatus(status)).isEqualTo(1234);
        assertThat(WakeUps.parseStatus("Name:\tjava\n")).isEqualTo(WakeUps.UNKNOWN);
    }

    @Test
    void aDifferenceWithAnUnknownReadingIsUnknown() {
        assertThat(WakeUps.between(10, 25)).isEqualTo(15);
        assertThat(WakeUps.between(WakeUps.UNKNOWN, 25)).isEqualTo(WakeUps.UNKNOWN);
        assertThat(WakeUps.between(10, WakeUps.UNKNOWN)).isEqualTo(WakeUps.UNKNOWN);
    }

    @Test
    void aProcessThatDoesNotExistIsUnknown() {
        assertThat(WakeUps.ofProcess(Long.MAX_VALUE)).isEqualTo(WakeUps.UNKNOWN);
    }

    @Test
    void aThreadThatWaitsForAnotherCountsAWakeUpAndTheProcessCountsItsThreads() throws Exception {
        assumeTrue(Files.isReadable(OWN_THREAD), "Linux /proc only");
        long before = WakeUps.parseStatus(Files.readString(OWN_THREAD));
        CountDownLatch released = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Thread releaser = new Thread(() -> {
            while (main.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            released.countDown();
        });
        releaser.start();

        released.await(); // blocks until the releaser has seen this thread waiting: it went to sleep at least once
        long after = WakeUps.parseStatus(Files.readString(OWN_THREAD));
        releaser.join();

        assertThat(after - before).isGreaterThanOrEqualTo(1);
        assertThat(WakeUps.ofThisProcess()).isGreaterThanOrEqualTo(after);
    }
}
