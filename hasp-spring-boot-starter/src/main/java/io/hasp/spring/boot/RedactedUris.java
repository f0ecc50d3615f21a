package io.hasp.spring.boot;

import java.util.List;

/** Redis URIs as they may be printed: the password (or a password-only user info) replaced by {@code ***}. */
final class RedactedUris {

    private RedactedUris() {
    }

    static String redact(String uri) {
        int scheme = uri.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = uri.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = uri.indexOf(stop, start);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        int at = uri.lastIndexOf('@', end - 1);
        if (at < start) {
            return uri;
        }
        // Lettuce reads user info without a colon as a password alone.
        String userInfo = uri.substring(start, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return uri.substring(0, start) + user + ":***" + uri.substring(at);
    }

    /** {@code text} with each of {@code uris} in it replaced by its redacted form. */
    static String redactIn(String text, List<String> uris) {
        String result = text == null ? "" : text;
        for (String uri : uris) {
            if (uri != null && !uri.isEmpty()) {
                result = result.replace(uri, redact(uri));
            }
        }
        return result;
    }
}
