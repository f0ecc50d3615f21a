package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

class RedactedUrisTest {

    @Test
    void hidesThePasswordOfEveryUserInfoForm() {
        assertThat(RedactedUris.of("redis://:secret@host:6379")).isEqualTo("redis://:***@host:6379");
        assertThat(RedactedUris.of("rediss://user:secret@host:6380/2")).isEqualTo("rediss://user:***@host:6380/2");
        assertThat(RedactedUris.of("redis://secret@host")).isEqualTo("redis://***@host");
        assertThat(RedactedUris.of("redis://u:se@c/ret@host:1")).isEqualTo("redis://u:***@host:1");
        assertThat(RedactedUris.of("u:secret@host:1")).isEqualTo("u:***@host:1");
        assertThat(RedactedUris.of("redis://host:6379")).isEqualTo("redis://host:6379");
    }

    @Test
    void printsAParsedUriWithoutItsPassword() {
        assertThat(RedactedUris.of(RedisURI.create("rediss://user:secret@host:6380/2")))
                .isEqualTo("rediss://user:***@host:6380/2");
        assertThat(RedactedUris.of(RedisURI.create("redis://:secret@host:6379"))).isEqualTo("redis://:***@host:6379");
        assertThat(RedactedUris.of(RedisURI.create("redis://host:6379"))).isEqualTo("redis://host:6379");
    }

    @Test
    void scrubsAQuotedUriAndItsSecretFromAMessage() {
        String uri = "redis://:secret@[::1:6379";
        assertThat(RedactedUris.scrub("bad: " + uri + " (secret)", uri)).isEqualTo("bad: redis://:***@[::1:6379 (***)");
    }
}
