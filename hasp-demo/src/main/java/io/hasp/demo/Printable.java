package io.hasp.demo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text made fit to print on a terminal or in a log, the one place the demo and the {@code hasp} command do it: the
 * credentials of every Redis URI in it are masked ({@code redis://user:***@host:port}), and characters that could
 * split a line or drive the terminal (control characters, bidirectional overrides, line separators, lone surrogates)
 * are written as escapes ({@code \n}, {@code \x1b}, {@code \u202e}). Backslashes stay as they are, so printable names
 * can be copied back into a command. Stateless.
 */
public final class Printable {
    /**
     * The user-info part of a Redis URI: from the scheme to the last {@code @} before a space or a comma (URI lists
     * are comma-separated), so a password holding {@code @} or {@code /} is masked whole.
     */
    private static final Pattern USER_INFO = Pattern.compile("(?i)(rediss?(?:-sentinel)?://)([^\\s,]*)@");

    private Printable() {
    }

    /** {@code text} with URIs redacted and control characters escaped; {@code "null"} for null. */
    public static String text(Object text) {
        return escape(redact(String.valueOf(text)));
    }

    /**
     * {@code text} with the credentials of every Redis URI in it replaced: {@code redis://user:secret@h} becomes
     * {@code redis://user:***@h}, {@code redis://secret@h} (a password alone) {@code redis://***@h}.
     */
    public static String redact(String text) {
        Matcher m = USER_INFO.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String userInfo = m.group(2);
            int colon = userInfo.indexOf(':');
            String masked = colon < 0 ? "***" : userInfo.substring(0, colon + 1) + "***";
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + masked + "@"));
        }
        return m.appendTail(out).toString();
    }

    /** {@code text} with every character that is not safe on a terminal written as an escape. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = escapeOf(text, i);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String escapeOf(String text, int i) {
        char c = text.charAt(i);
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        boolean bidiOrSeparator = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e
                || c == 0x200f || c == 0x061c || c == 0x2028 || c == 0x2029;
        boolean loneSurrogate = Character.isHighSurrogate(c)
                ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
        return bidiOrSeparator || loneSurrogate ? String.format("\\u%04x", (int) c) : null;
    }
}
