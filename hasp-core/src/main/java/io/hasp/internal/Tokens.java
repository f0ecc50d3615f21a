package io.hasp.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Lock tokens: 128 random bits from {@link SecureRandom}, hex-encoded behind a fixed prefix that tells a Hasp value
 * apart from foreign data in the same key.
 */
public final class Tokens {
    /** Every Hasp token starts with this. */
    public static final String PREFIX = "hasp1:";
    private static final int RANDOM_BYTES = 16;
    private static final int SHOWN_HEX = 8;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /**
     * A few independent generators, picked by thread: a single shared SecureRandom serializes every acquire of every
     * thread on its internal lock (and, with the default NativePRNG, on a read of /dev/urandom).
     */
    private static final SecureRandom[] RANDOMS = newGenerators(8);

    private Tokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOMS[(int) (Thread.currentThread().getId() & (RANDOMS.length - 1))].nextBytes(bytes);
        char[] out = new char[PREFIX.length() + RANDOM_BYTES * 2];
        PREFIX.getChars(0, PREFIX.length(), out, 0);
        int at = PREFIX.length();
        for (byte b : bytes) {
            out[at++] = HEX[(b >> 4) & 0xf];
            out[at++] = HEX[b & 0xf];
        }
        return new String(out);
    }

    private static SecureRandom[] newGenerators(int count) {
        SecureRandom[] generators = new SecureRandom[count];
        for (int i = 0; i < count; i++) {
            try {
                generators[i] = SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                generators[i] = new SecureRandom();
            }
        }
        return generators;
    }

    /** The first hex digits of a token, for logs: enough to correlate, never the whole secret. */
    public static String shortForm(String token) {
        if (token.startsWith(PREFIX) && token.length() >= PREFIX.length() + SHOWN_HEX) {
            return token.substring(PREFIX.length(), PREFIX.length() + SHOWN_HEX);
        }
        return "?";
    }
}
