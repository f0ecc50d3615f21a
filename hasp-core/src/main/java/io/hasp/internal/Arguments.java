package io.hasp.internal;

import io.hasp.Hasp;
import io.hasp.HaspArgumentException;
import io.lettuce.core.RedisURI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** Argument checks shared by the public API. Each failure names the argument and the bad value. */
public final class Arguments {
    private static final int MAX_NAMESPACE_LENGTH = 64;
    private static final int SHOWN_CHARS = 80;
    /** The longest wait an acquire takes; a constant, as every acquire checks against it. */
    private static final Duration MAX_WAIT = Duration.ofDays(365);

    private Arguments() {
    }

    /** {@code value}, unless it is null: then a {@link HaspArgumentException} naming {@code argument}. */
    public static <T> T notNull(String argument, T value) {
        if (value == null) {
            throw new HaspArgumentException(argument + " must not be null");
        }
        return value;
    }

    public static RedisURI parseUri(String uri) {
        notNull("uri", uri);
        if (uri.isBlank()) {
            throw new HaspArgumentException("uri must be a Redis URI such as redis://localhost:6379, got '" + uri
                    + "'");
        }
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://") && !isSentinel(uri)) {
            throw new HaspArgumentException("uri must start with redis:// or rediss:// (or, for Sentinel,"
                    + " redis-sentinel://), got '" + RedactedUris.of(uri) + "'");
        }
        checkPort(uri);
        try {
            return RedisURI.create(uri);
        } catch (RuntimeException e) {
            throw new HaspArgumentException("uri is not a valid Redis URI: '" + RedactedUris.of(uri) + "' ("
                    + RedactedUris.scrub(e.getMessage(), uri) + ")");
        }
    }

    /** Whether {@code uri} names Sentinels ({@code redis-sentinel://host:26379,host2:26379#master}). */
    public static boolean isSentinel(String uri) {
        return uri.startsWith("redis-sentinel://") || uri.startsWith("rediss-sentinel://");
    }

    /** Lettuce reads a bad port leniently (as the default); a typo there must fail loudly instead. */
    private static void checkPort(String uri) {
        String rest = uri.substring(uri.indexOf("://") + 3);
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        // A Sentinel URI lists several hosts, each with its own port.
        for (String hostPort : authority.substring(authority.lastIndexOf('@') + 1).split(",", -1)) {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0 || hostPort.endsWith("]")) {
                continue;
            }
            String port = hostPort.substring(colon + 1);
            boolean valid = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit)
                    && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
            if (!valid) {
                throw new HaspArgumentException("uri has a bad port '" + port + "': '" + RedactedUris.of(uri) + "'");
            }
        }
    }

    public static String checkNamespace(String namespace) {
        if (namespace == null) {
            throw new HaspArgumentException("namespace must not be null");
        }
        if (namespace.length() > MAX_NAMESPACE_LENGTH) {
            throw new HaspArgumentException("namespace must be at most " + MAX_NAMESPACE_LENGTH
                    + " characters, got " + namespace.length());
        }
        if (namespace.indexOf('{') >= 0 || namespace.indexOf('}') >= 0) {
            throw new HaspArgumentException("namespace must not contain braces (they mark the cluster hash tag), got '"
                    + shown(namespace) + "'");
        }
        checkCharacters("namespace", namespace);
        return namespace;
    }

    /** Lock names: 1 to {@link Hasp#MAX_NAME_BYTES} UTF-8 bytes, not blank, no braces, no control characters. */
    public static String checkName(String name) {
        if (name == null) {
            throw new HaspArgumentException("lock name must not be null");
        }
        if (name.isBlank()) {
            throw new HaspArgumentException("lock name must not be blank, got '" + name + "'");
        }
        // A char takes at most 3 bytes of UTF-8 (a surrogate pair 4 for its 2 chars): short names need no encoding.
        int bytes = name.length() * 3 <= Hasp.MAX_NAME_BYTES ? 0 : name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Hasp.MAX_NAME_BYTES) {
            throw new HaspArgumentException("lock name must be at most " + Hasp.MAX_NAME_BYTES
                    + " bytes of UTF-8, got " + bytes + " bytes: '" + shown(name) + "'");
        }
        if (name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
            throw new HaspArgumentException("lock name must not contain braces (Hasp adds the cluster hash tag), got '"
                    + shown(name) + "'");
        }
        checkCharacters("lock name", name);
        return name;
    }

    /**
     * The characters no lock name or namespace may hold: control characters, line and paragraph separators and
     * bidirectional formatting characters (they split or reorder what operators read in logs and terminals), and
     * unpaired surrogates (UTF-8 has no encoding for them: the driver would write {@code ?}, so two names would share
     * one key).
     */
    private static void checkCharacters(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new HaspArgumentException(what + " must not contain control characters, got '" + shown(value)
                        + "'");
            }
            if (c == '\u2028' || c == '\u2029') {
                throw new HaspArgumentException(what + " must not contain line or paragraph separators, got '"
                        + shown(value) + "'");
            }
            if (isBidiFormatting(c)) {
                throw new HaspArgumentException(what + " must not contain bidirectional formatting characters (U+"
                        + Integer.toHexString(c).toUpperCase(Locale.ROOT) + "), got '" + shown(value) + "'");
            }
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                i++; // one supplementary character, which UTF-8 encodes
            } else if (Character.isSurrogate(c)) {
                throw new HaspArgumentException(what + " must not contain an unpaired surrogate (at index " + i
                        + "), which UTF-8 cannot encode, got '" + shown(value) + "'");
            }
        }
    }

    /** Marks, embeddings, overrides and isolates that change the display order of text. */
    private static boolean isBidiFormatting(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }

    /**
     * A duration from {@code min} to {@code max}. The bounds come from the caller (for a lease time, the limits that
     * {@code LockOptions} publishes), so this class depends on no public type that depends back on it.
     */
    public static Duration checkRange(String argument, Duration value, Duration min, Duration max) {
        notNull(argument, value);
        if (value.compareTo(min) < 0) {
            throw new HaspArgumentException(argument + " must be at least " + min + ", got " + value);
        }
        if (value.compareTo(max) > 0) {
            throw new HaspArgumentException(argument + " must be at most " + max + ", got " + value);
        }
        return value;
    }

    /** A wait: zero or more, and at most a year (longer is a unit mix-up, and overflows nanosecond deadlines). */
    public static Duration checkWait(Duration wait) {
        if (wait == null) {
            throw new HaspArgumentException("wait must not be null");
        }
        if (wait.isNegative()) {
            throw new HaspArgumentException("wait must not be negative, got " + wait);
        }
        if (wait.compareTo(MAX_WAIT) > 0) {
            throw new HaspArgumentException("wait must be at most 365 days, got " + wait);
        }
        return wait;
    }

    public static Duration checkPositive(String argument, Duration value, Duration max) {
        if (value == null) {
            throw new HaspArgumentException(argument + " must not be null");
        }
        if (value.isNegative() || value.isZero()) {
            throw new HaspArgumentException(argument + " must be positive, got " + value);
        }
        if (value.compareTo(max) > 0) {
            throw new HaspArgumentException(argument + " must be at most " + max + ", got " + value);
        }
        return value;
    }

    /**
     * A value as a message may show it: at most {@value #SHOWN_CHARS} characters, and every character that
     * {@link #checkCharacters} refuses replaced by {@code ?}, so the message itself is safe to print.
     */
    private static String shown(String s) {
        String head = s.length() <= SHOWN_CHARS ? s : s.substring(0, SHOWN_CHARS) + "...";
        StringBuilder out = new StringBuilder(head.length());
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < head.length()
                    && Character.isLowSurrogate(head.charAt(i + 1));
            if (pair) {
                out.append(c).append(head.charAt(++i));
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || isBidiFormatting(c)
                    || Character.isSurrogate(c)) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
