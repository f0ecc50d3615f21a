package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeIdentityTest {
    private static final long QUARANTINE = TimeUnit.SECONDS.toNanos(30);

    private final AtomicLong now = new AtomicLong(-5_000_000_000L); // the ticker's origin is arbitrary
    private final NodeIdentity identity = new NodeIdentity(now::get, () -> QUARANTINE);

    @Test
    void votesOnlyOnceVerifiedAndNotAfterADisconnect() {
        assertThat(identity.votes()).isFalse();
        assertThat(identity.observe("run-a")).isFalse();
        assertThat(identity.votes()).isTrue();
        identity.unverify();
        assertThat(identity.votes()).isFalse();
        assertThat(identity.observe("run-a")).isFalse(); // same process: a network blip, not a restart
        assertThat(identity.votes()).isTrue();
    }

    @Test
    void aNewRunIdQuarantinesTheNodeForTheWholeQuarantine() {
        identity.observe("run-a");
        identity.unverify();
        assertThat(identity.observe("run-b")).isTrue();
        assertThat(identity.votes()).isFalse();
        now.addAndGet(QUARANTINE - 1);
        assertThat(identity.votes()).isFalse();
        now.addAndGet(1);
        assertThat(identity.votes()).isTrue();
        assertThat(identity.runId()).isEqualTo("run-b");
    }

    @Test
    void readsTheRunIdFromInfoServer() {
        String info = "# Server\r\nredis_version:7.0.15\r\nrun_id:7e0f9b2c\r\ntcp_port:6379\r\n";
        assertThat(NodeIdentity.parseRunId(info)).isEqualTo("7e0f9b2c");
        assertThat(NodeIdentity.parseRunId("# Server\r\n")).isNull();
    }
}
