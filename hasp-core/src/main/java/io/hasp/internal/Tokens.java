package io.hasp.internal;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Lock tokens: 128 random bits from {@link SecureRandom}, hex-encoded behind a fixed prefix that tells a Hasp value
 * apart from foreign data in the same key.
 */
final class Tokens {
    /** Every Hasp token starts with this. */
    public static final String PREFIX = "hasp1:";
    private static final int RANDOM_BYTES = 16;
    private static final int SHOWN_HEX = 8;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.ISO_8859_1);
    private static final int TOKEN_LENGTH = PREFIX_BYTES.length + RANDOM_BYTES * 2;
    /**
     * A few independent generators, picked by thread: a single shared SecureRandom serializes every acquire of every
     * thread on its internal lock (and, with the default NativePRNG, on a read of /dev/urandom).
     */
    private static final Stripe[] STRIPES = newStripes(8);

    private Tokens() {
    }

    public static String newToken() {
        byte[] out = new byte[TOKEN_LENGTH];
        System.arraycopy(PREFIX_BYTES, 0, out, 0, PREFIX_BYTES.length);
        STRIPES[(int) (Thread.currentThread().getId() & (STRIPES.length - 1))].nextHex(out, PREFIX_BYTES.length);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static Stripe[] newStripes(int count) {
        Stripe[] stripes = new Stripe[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new Stripe();
        }
        return stripes;
    }

    /**
     * One generator with a buffer of its output: one large request to the DRBG costs about as much as a small one, so
     * tokens are cut from a 4 KiB block (256 tokens) refilled when used up. Thread-safe through its own monitor, held
     * only to hex-encode one token (and, once per 256 tokens, the refill).
     */
    private static final class Stripe {
        private final SecureRandom random = newGenerator();
        private final byte[] block = new byte[4096];
        private int used = block.length;

        /** Writes the hex digits of the next {@code RANDOM_BYTES} random bytes into {@code out}, from {@code at}. */
        synchronized void nextHex(byte[] out, int at) {
            if (used + RANDOM_BYTES > block.length) {
                random.nextBytes(block);
                used = 0;
            }
            for (int i = used; i < used + RANDOM_BYTES; i++) {
                out[at++] = HEX[(block[i] >> 4) & 0xf];
                out[at++] = HEX[block[i] & 0xf];
            }
            Arrays.fill(block, used, used + RANDOM_BYTES, (byte) 0); // a handed-out token is not kept here
            used += RANDOM_BYTES;
        }

        private static SecureRandom newGenerator() {
            try {
                return SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                return new SecureRandom();
            }
        }
    }

    /** The first hex digits of a token, for logs: enough to correlate, never the whole secret. */
    public static String shortForm(String token) {
        if (token.startsWith(PREFIX) && token.length() >= PREFIX.length() + SHOWN_HEX) {
            return token.substring(PREFIX.length(), PREFIX.length() + SHOWN_HEX);
        }
        return "?";
    }
}
