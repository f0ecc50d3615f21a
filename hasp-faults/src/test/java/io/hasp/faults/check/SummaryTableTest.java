package io.hasp.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.faults.history.Type;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    @Test
    void theTableShowsCountsFaultsRecoveryAndViolations() {
        CheckResult clean = Checker.check(new HandMadeHistory().start("w1.1", -5).start("w2.1", -5)
                .fault("cut-worker w1.1", -2, -1).serialCycles(4).finalValue(4).build(), Duration.ofSeconds(3));
        CheckResult broken = Checker.check(new HandMadeHistory().serialCycles(2)
                .acquire("w3.1", 0, 9, 100, 101).read("w3.1", 0, 9, 101, 102, 0, 9)
                .write("w3.1", 0, 9, 102, 103, 0, 10, Type.OK).finalValue(1).build(), Duration.ofSeconds(3));
        Map<String, CheckResult> results = new LinkedHashMap<>();
        results.put("single", clean);
        results.put("single-broken", broken);

        String table = SummaryTable.render(results);

        assertThat(table).contains("| single | 2 | 16 | 4/0/0 | 4/0/0 | 0 | 0 | 0.0 s | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |");
        assertThat(table).contains("| single | cut-worker | 1 | 1 | 7 | 7 | 0 |");
        assertThat(table).contains("single: counter 4 = 4 applied writes");
        assertThat(table).contains("single-broken: 1 violations", "[2 lost-update]");
    }
}
