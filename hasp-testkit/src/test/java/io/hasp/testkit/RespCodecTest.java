package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RespCodecTest {

    @Test
    void encodesACommandAsAnArrayOfBulkStrings() {
        assertThat(new String(RespCodec.encode("SET", "k", "é"), StandardCharsets.UTF_8))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n");
    }

    @Test
    void decodesEveryReplyType() throws IOException {
        assertThat(read("+OK\r\n")).isEqualTo("OK");
        assertThat(read(":42\r\n")).isEqualTo(42L);
        assertThat(read("$5\r\nhello\r\n")).isEqualTo("hello");
        assertThat(read("$0\r\n\r\n")).isEqualTo("");
        assertThat(read("$-1\r\n")).isNull();
        assertThat(read("*-1\r\n")).isNull();
        assertThat(read("*3\r\n:1\r\n$-1\r\n*1\r\n+x\r\n")).isEqualTo(Arrays.asList(1L, null, java.util.List.of("x")));
        assertThat(read("-ERR wrong\r\n")).isEqualTo(new RespCodec.ErrorReply("ERR wrong"));
    }

    @Test
    void aTruncatedReplyIsAnEndOfStream() {
        assertThatThrownBy(() -> read("$5\r\nhel")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read("")).isInstanceOf(EOFException.class);
    }

    private static Object read(String wire) throws IOException {
        return RespCodec.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }
}
