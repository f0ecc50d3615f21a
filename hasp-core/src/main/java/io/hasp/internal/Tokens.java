package io.hasp.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Lock tokens: 128 random bits from {@link SecureRandom}, hex-encoded behind a fixed prefix that tells a Hasp value
 * apart from foreign data in the same key.
 */
final class Tokens {
    /** Every Hasp token starts with this. */
    public static final String PREFIX = "hasp1:";
    private static final int RANDOM_BYTES = 16;
    private static final int SHOWN_HEX = 8;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /**
     * A few independent generators, picked by thread: a single shared SecureRandom serializes every acquire of every
     * thread on its internal lock (and, with the default NativePRNG, on a read of /dev/urandom).
     */
    private static final Stripe[] STRIPES = newStripes(8);

    private Tokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        STRIPES[(int) (Thread.currentThread().getId() & (STRIPES.length - 1))].next(bytes);
        char[] out = new char[PREFIX.length() + RANDOM_BYTES * 2];
        PREFIX.getChars(0, PREFIX.length(), out, 0);
        int at = PREFIX.length();
        for (byte b : bytes) {
            out[at++] = HEX[(b >> 4) & 0xf];
            out[at++] = HEX[b & 0xf];
        }
        return new String(out);
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
     * only for the copy (and, once per 256 tokens, the refill).
     */
    private static final class Stripe {
        private final SecureRandom random = newGenerator();
        private final byte[] block = new byte[4096];
        private int used = block.length;

        synchronized void next(byte[] out) {
            if (used + out.length > block.length) {
                random.nextBytes(block);
                used = 0;
            }
            System.arraycopy(block, used, out, 0, out.length);
            java.util.Arrays.fill(block, used, used + out.length, (byte) 0); // a handed-out token is not kept here
            used += out.length;
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
