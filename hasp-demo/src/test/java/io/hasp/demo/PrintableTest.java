package io.hasp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void passwordsInRedisUrisAreMasked() {
        assertThat(Printable.redact("redis://:s3cret@host:6379/0")).isEqualTo("redis://:***@host:6379/0");
        assertThat(Printable.redact("rediss://alice:s3cret@host")).isEqualTo("rediss://alice:***@host");
        assertThat(Printable.redact("redis://s3cret@host")).isEqualTo("redis://***@host");
        assertThat(Printable.redact("REDIS://:p@ss/w0rd@h:1")).isEqualTo("REDIS://:***@h:1");
        assertThat(Printable.redact("nodes redis://:a1@x:1,redis://:b2@y:2 down"))
                .isEqualTo("nodes redis://:***@x:1,redis://:***@y:2 down");
        assertThat(Printable.redact("bad port in 'redis://:s3cret@h:99999'")).doesNotContain("s3cret")
                .contains("h:99999");
        assertThat(Printable.redact("redis://localhost:6379 and mail@example.org"))
                .isEqualTo("redis://localhost:6379 and mail@example.org");
    }

    @Test
    void controlCharactersAndDirectionOverridesAreEscaped() {
        assertThat(Printable.escape("plain:name-1 café \\ ok")).isEqualTo("plain:name-1 café \\ ok");
        assertThat(Printable.escape("a\nb\rc\td")).isEqualTo("a\\nb\\rc\\td");
        assertThat(Printable.escape("\u001b[31mred\u001b[0m")).isEqualTo("\\x1b[31mred\\x1b[0m");
        assertThat(Printable.escape("x\u0000\u007f\u009by")).isEqualTo("x\\x00\\x7f\\x9by");
        assertThat(Printable.escape("abc\u202edef\u2028")).isEqualTo("abc\\u202edef\\u2028");
        assertThat(Printable.escape("lone \ud800 pair \ud83d\ude00")).isEqualTo("lone \\ud800 pair \ud83d\ude00");
        assertThat(Printable.text("redis://:pw@h\n")).isEqualTo("redis://:***@h\\n");
    }
}
