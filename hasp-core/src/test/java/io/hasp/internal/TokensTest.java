package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void aTokenIsThePrefixAnd32LowercaseHexDigitsAndNeverRepeats() {
        Set<String> seen = new HashSet<>();
        // More than one stripe's block of 256 tokens, so the refill is crossed too.
        for (int i = 0; i < 1000; i++) {
            String token = Tokens.newToken();
            assertThat(token).matches("hasp1:[0-9a-f]{32}");
            assertThat(seen.add(token)).as("token %s seen before", token).isTrue();
        }
    }

    @Test
    void theShortFormIsTheFirstEightHexDigits() {
        String token = Tokens.newToken();
        assertThat(Tokens.shortForm(token)).isEqualTo(token.substring(6, 14));
        assertThat(Tokens.shortForm("someone's value")).isEqualTo("?");
    }
}
