package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EvalshaArgsTest {
    private static final byte[] SHA1 = "0123456789abcdef0123456789abcdef01234567".getBytes(StandardCharsets.US_ASCII);

    @Test
    void itSendsTheBytesLettucesOwnArgumentsSend() {
        String[][] keySets = {{"hasp:{orders}"},
            {"hasp:{zürich ✓}", "hasp:{zürich ✓}:fence", "hasp:{zürich ✓}:waiters"}, {}};
        String[][] valueSets = {{"hasp1:" + "ab".repeat(16), "30000"}, {"", "x".repeat(1234), "0", "ünïcödé 🔒"}, {}};
        for (String[] keys : keySets) {
            for (String[] values : valueSets) {
                CommandArgs<String, String> lettuce = new CommandArgs<>(StringCodec.UTF8).add(SHA1).add(keys.length)
                        .addKeys(keys).addValues(values);
                EvalshaArgs ours = new EvalshaArgs(SHA1, keys, values);
                assertThat(encoded(ours)).isEqualTo(encoded(lettuce));
                assertThat(ours.count()).isEqualTo(lettuce.count());
                assertThat(ours.getFirstEncodedKey()).isEqualTo(lettuce.getFirstEncodedKey());
            }
        }
    }

    @Test
    void aKeyCountOfTwoDigitsIsWrittenWhole() {
        String[] keys = new String[12];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "k" + i;
        }
        CommandArgs<String, String> lettuce = new CommandArgs<>(StringCodec.UTF8).add(SHA1).add(keys.length)
                .addKeys(keys).addValues("v");
        assertThat(encoded(new EvalshaArgs(SHA1, keys, new String[] {"v"}))).isEqualTo(encoded(lettuce));
    }

    @Test
    void itsDescriptionNeverShowsTheValues() {
        String token = "hasp1:" + "cd".repeat(16);
        EvalshaArgs args = new EvalshaArgs(SHA1, new String[] {"hasp:{orders}"}, new String[] {token, "30000"});
        assertThat(args.toCommandString()).contains("hasp:{orders}").doesNotContain(token).doesNotContain("30000");
        assertThat(args.toString()).doesNotContain(token);
    }

    private static String encoded(CommandArgs<String, String> args) {
        ByteBuf buf = Unpooled.buffer();
        try {
            args.encode(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }
}
