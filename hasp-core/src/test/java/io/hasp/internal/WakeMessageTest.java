package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WakeMessageTest {

    @Test
    void aGrantCarriesFenceLeaseEndAndToken() {
        WakeMessage grant = WakeMessage.parseGrant("g 1700000000000123 1700000002000123 hasp1:00ff");
        assertThat(grant).isEqualTo(new WakeMessage(1700000000000123L, 1700000002000123L, "hasp1:00ff"));
    }

    @Test
    void anythingElseIsNotAGrant() {
        assertThat(WakeMessage.parseGrant(WakeMessage.RELEASED)).isNull();
        assertThat(WakeMessage.parseGrant("g 1 2")).isNull();
        assertThat(WakeMessage.parseGrant("g x 2 hasp1:00")).isNull();
        assertThat(WakeMessage.parseGrant("")).isNull();
    }

    @Test
    void aReleaseMayNameTheOneClientItWoke() {
        assertThat(WakeMessage.wokenClient("r w:0a1b")).isEqualTo("w:0a1b");
        assertThat(WakeMessage.wokenClient(WakeMessage.RELEASED)).isNull();
        assertThat(WakeMessage.wokenClient("g 1 2 hasp1:00")).isNull();
        assertThat(WakeMessage.parseGrant("r w:0a1b")).isNull();
    }
}
