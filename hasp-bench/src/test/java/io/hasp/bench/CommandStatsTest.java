package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandStatsTest {
    private static final String BEFORE = "# Commandstats\r\n"
            + "cmdstat_evalsha:calls=10,usec=50,usec_per_call=5.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_get:calls=4,usec=2,usec_per_call=0.50,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_info:calls=3,usec=100,usec_per_call=33.33,rejected_calls=0,failed_calls=0\r\n";
    private static final String AFTER = "# Server\r\nredis_version:7.0.15\r\n# Commandstats\r\n"
            + "cmdstat_evalsha:calls=30,usec=150,usec_per_call=5.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_get:calls=4,usec=2,usec_per_call=0.50,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_set:calls=7,usec=9,usec_per_call=1.29,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_client|setname:calls=1,usec=1,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_info:calls=5,usec=100,usec_per_call=20.00,rejected_calls=0,failed_calls=0\r\n";

    @Test
    void parsesCallsPerCommandAndIgnoresOtherLines() {
        CommandStats stats = CommandStats.parse(AFTER);

        assertThat(stats.calls()).containsExactly(Map.entry("client|setname", 1L), Map.entry("evalsha", 30L),
                Map.entry("get", 4L), Map.entry("info", 5L), Map.entry("set", 7L));
    }

    @Test
    void deltaKeepsWhatChangedAndLeavesOutTheProbesOwnInfo() {
        CommandStats delta = CommandStats.parse(AFTER).minus(CommandStats.parse(BEFORE));

        assertThat(delta.calls()).containsExactly(Map.entry("client|setname", 1L), Map.entry("evalsha", 20L),
                Map.entry("set", 7L));
        assertThat(delta.total()).isEqualTo(28);
    }

    @Test
    void sumAddsTheCallsOfSeveralServers() {
        CommandStats sum = CommandStats.parse(BEFORE).plus(CommandStats.parse(AFTER));

        assertThat(sum.calls()).containsExactly(Map.entry("client|setname", 1L), Map.entry("evalsha", 40L),
                Map.entry("get", 8L), Map.entry("info", 8L), Map.entry("set", 7L));
    }
}
