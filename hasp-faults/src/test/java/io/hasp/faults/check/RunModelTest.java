package io.hasp.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.history.Type;
import org.junit.jupiter.api.Test;

class RunModelTest {

    @Test
    void invokesArePairedWithTheirCompletionsPerThread() {
        RunModel model = new HandMadeHistory().serialCycles(3).model();

        assertThat(model.operations()).hasSize(12).allMatch(Operation::ok);
        assertThat(model.leases()).extracting(LeaseRecord::fence).containsExactly(1L, 3L, 2L);
        LeaseRecord first = model.leases().get(0);
        assertThat(first.read().completion().read()).isZero();
        assertThat(first.write().invoke().written()).isEqualTo(1);
        assertThat(first.releases()).hasSize(1);
    }

    @Test
    void anOperationWithoutCompletionIsIndeterminate() {
        RunModel model = new HandMadeHistory()
                .acquire("w1.1", 0, 1, 0, 1).read("w1.1", 0, 1, 2, 3, 0, 1)
                .writeInvoke("w1.1", 0, 1, 4, 0, 900, false)
                .model();

        LeaseRecord lease = model.leases().get(0);
        assertThat(lease.write().outcome()).isEqualTo(Type.INFO);
        assertThat(lease.maybeApplied()).isTrue();
        assertThat(lease.write().completedAt()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void lossSignalsFaultsAndProcessLivesAreAttached() {
        RunModel model = new HandMadeHistory().start("w1.1", 0).start("w2.1", 0).start("w3.1", 0)
                .acquire("w1.1", 0, 1, 10, 11).lost("w1.1", 0, 1, 500)
                .fault("kill-worker w2.1", 300, 301)
                .fault("restart-redis node0 data-loss", 400, 450)
                .acquire("w3.1", 0, 2, 20, 21)
                .exit("w1.1", 900)
                .model();

        assertThat(model.leases().get(0).lostAt()).isEqualTo(HandMadeHistory.nanos(500));
        assertThat(model.faults()).extracting(Fault::kind, Fault::target, Fault::dataLoss)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kill-worker", "w2.1", false),
                        org.assertj.core.groups.Tuple.tuple("restart-redis", "node0", true));
        assertThat(model.processes().get("w1.1").ending()).isEqualTo("exit");
        assertThat(model.processes().get("w2.1").ending()).isEqualTo("killed");
        assertThat(model.processes().get("w2.1").endedAt()).isEqualTo(HandMadeHistory.nanos(300));
        assertThat(model.processes().get("w3.1").ending()).isEqualTo("vanished");
    }
}
