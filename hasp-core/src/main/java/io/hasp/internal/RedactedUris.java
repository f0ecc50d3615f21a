package io.hasp.internal;

import io.lettuce.core.RedisURI;

/**
 * The one way Hasp prints a Redis URI: with its password replaced by {@code ***}
 * ({@code redis://:***@host:port}, {@code rediss://user:***@host:port/2}), so a credential never reaches a message
 * or a log line. Works on strings that failed to parse too, since those are the ones printed in error messages.
 */
public final class RedactedUris {
    private static final String HIDDEN = "***";

    private RedactedUris() {
    }

    /**
     * {@code uri} with the password part of its user info hidden. User info is everything between {@code ://} and
     * the last {@code @} before the path; a password may itself hold {@code @} or {@code /}, so the last {@code @}
     * of the whole string is taken when in doubt: hiding too much is harmless, too little is not.
     */
    public static String of(String uri) {
        if (uri == null) {
            return "null";
        }
        int at = uri.lastIndexOf('@');
        if (at < 0) {
            return uri;
        }
        int schemeEnd = uri.indexOf("://");
        int infoStart = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
        String info = uri.substring(infoStart, at);
        int colon = info.indexOf(':');
        // Lettuce reads user info without a colon as a password alone.
        String shown = colon < 0 ? HIDDEN : info.substring(0, colon) + ":" + HIDDEN;
        return uri.substring(0, infoStart) + shown + uri.substring(at);
    }

    /** A parsed URI as {@code scheme://[user]:***@host:port[/db]}; the password is never read. */
    public static String of(RedisURI uri) {
        StringBuilder text = new StringBuilder(uri.isSsl() ? "rediss://" : "redis://");
        String user = userOf(uri);
        if (user != null) {
            text.append(user).append(':').append(HIDDEN).append('@');
        }
        String host = uri.getHost();
        text.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(uri.getPort());
        if (uri.getDatabase() != 0) {
            text.append('/').append(uri.getDatabase());
        }
        return text.toString();
    }

    /**
     * {@code text} (a message that may quote {@code uri}, e.g. a parser's) with every copy of the URI, and of its
     * user info, replaced by the redacted form.
     */
    public static String scrub(String text, String uri) {
        if (text == null || uri == null) {
            return text;
        }
        String scrubbed = text.replace(uri, of(uri));
        int at = uri.lastIndexOf('@');
        int schemeEnd = uri.indexOf("://");
        if (at > 0) {
            String info = uri.substring(schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0, at);
            int colon = info.indexOf(':');
            String secret = colon < 0 ? info : info.substring(colon + 1);
            if (!secret.isEmpty()) {
                scrubbed = scrubbed.replace(secret, HIDDEN);
            }
        }
        return scrubbed;
    }

    /**
     * The user part of the user info: empty for a password alone, {@code null} for none. Read from Lettuce's own
     * {@code toString}, which hides the password but shows the user name and whether there is a password; the
     * credentials themselves are only reachable through an asynchronous provider.
     */
    private static String userOf(RedisURI uri) {
        String shown = uri.toString();
        int at = shown.lastIndexOf('@');
        int start = shown.indexOf("://") + 3;
        if (at < start) {
            return null;
        }
        String info = shown.substring(start, at);
        int colon = info.indexOf(':');
        return colon < 0 ? "" : info.substring(0, colon);
    }
}
