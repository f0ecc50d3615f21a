package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcquireOutputTest {
    @Test
    void aBareFenceOfDigitsIsReadAsAGrantWithoutWaiters() {
        AcquireOutput output = new AcquireOutput();
        ByteBuffer digits = bytes("1733390000123456");
        output.set(digits);
        output.complete(0);
        assertThat(output.get()).isEqualTo(AcquireReply.granted(1733390000123456L, false));
        assertThat(digits.remaining()).as("the buffer is left where it was").isEqualTo(16);
    }

    @Test
    void aBareIntegerFenceIsReadAsAGrantWithoutWaiters() {
        AcquireOutput output = new AcquireOutput();
        output.set(42L);
        assertThat(output.get()).isEqualTo(AcquireReply.granted(42, false));
    }

    @Test
    void aBulkStringThatIsNotAShortRunOfDigitsIsHandedOverAsTheMultiBulkOutputHadIt() {
        for (String answer : new String[] {"-5", "12a", "", "1234567890123456789"}) {
            AcquireOutput output = new AcquireOutput();
            output.set(bytes(answer));
            output.complete(0);
            assertThat(output.get()).as(answer).isEqualTo(List.of(answer));
        }
    }

    @Test
    void aListThatStartsWithItsCodeIsHandedOverWhole() {
        AcquireOutput output = new AcquireOutput();
        output.multiArray(3);
        output.set(1L);
        output.set(77L);
        output.set(1L);
        output.complete(1);
        output.complete(0);
        assertThat(output.get()).isEqualTo(List.of(1L, 77L, 1L));

        AcquireOutput conflict = new AcquireOutput();
        conflict.multiArray(2);
        conflict.set(-1L);
        conflict.set(bytes("hash"));
        conflict.complete(1);
        conflict.complete(0);
        assertThat(conflict.get()).isEqualTo(List.of(-1L, "hash"));
    }

    @Test
    void anErrorIsTheOutputsOwn() {
        AcquireOutput output = new AcquireOutput();
        output.setError("ERR something");
        assertThat(output.hasError()).isTrue();
        assertThat(output.getError()).isEqualTo("ERR something");
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}
