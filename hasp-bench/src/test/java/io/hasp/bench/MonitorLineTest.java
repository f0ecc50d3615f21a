package io.hasp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MonitorLineTest {

    @Test
    void aClientCommand() {
        MonitorLine line = MonitorLine.parse("+1795723717.738586 [0 127.0.0.1:38490] \"EVALSHA\" \"ab12\" \"1\" \"k\"");

        assertThat(line).isEqualTo(new MonitorLine(false, "evalsha", "ab12"));
    }

    @Test
    void aCallMadeByAScript() {
        MonitorLine line = MonitorLine.parse("+1795723717.738996 [0 lua] \"set\" \"k\" \"a\"");

        assertThat(line).isEqualTo(new MonitorLine(true, "set", "k"));
    }

    @Test
    void escapedQuotesInsideAnArgumentDoNotEndIt() {
        MonitorLine line = MonitorLine.parse("+1.0 [3 unix:redis.sock] \"echo\" \"say \\\"hi\\\"\"");

        assertThat(line).isEqualTo(new MonitorLine(false, "echo", "say \\\"hi\\\""));
    }

    @Test
    void aCommandWithoutArguments() {
        assertThat(MonitorLine.parse("+1.0 [0 127.0.0.1:1] \"ping\"")).isEqualTo(new MonitorLine(false, "ping", ""));
    }

    @Test
    void repliesThatAreNotCommandsAreSkipped() {
        assertThat(MonitorLine.parse("+OK")).isNull();
        assertThat(MonitorLine.parse("")).isNull();
    }
}
