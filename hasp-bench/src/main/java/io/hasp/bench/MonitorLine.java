package io.hasp.bench;

/**
 * One line of {@code MONITOR} output, e.g. {@code 1700000000.123456 [0 127.0.0.1:50000] "evalsha" "ab12..." "1"}.
 * A command run by a Lua script shows {@code [0 lua]} as its source. Immutable.
 *
 * @param fromScript whether a script made the call (else a client sent it)
 * @param command the command name, lower case
 * @param firstArgument the first argument, or empty
 */
record MonitorLine(boolean fromScript, String command, String firstArgument) {

    /** The parsed line, or null for anything that is not a monitored command (e.g. the {@code OK} reply). */
    static MonitorLine parse(String line) {
        int open = line.indexOf(" [");
        int close = open < 0 ? -1 : line.indexOf("] ", open);
        if (close < 0) {
            return null;
        }
        String source = line.substring(open + 2, close);
        String[] quoted = quotedTokens(line.substring(close + 2), 2);
        if (quoted[0] == null) {
            return null;
        }
        boolean script = source.endsWith(" lua");
        return new MonitorLine(script, quoted[0].toLowerCase(java.util.Locale.ROOT),
                quoted[1] == null ? "" : quoted[1]);
    }

    /** The first {@code n} double-quoted tokens of {@code text}, with backslash escapes kept as they are. */
    private static String[] quotedTokens(String text, int n) {
        String[] tokens = new String[n];
        int at = 0;
        for (int i = 0; i < n; i++) {
            int start = text.indexOf('"', at);
            if (start < 0) {
                break;
            }
            int end = start + 1;
            while (end < text.length() && text.charAt(end) != '"') {
                end += text.charAt(end) == '\\' ? 2 : 1;
            }
            if (end >= text.length()) {
                break;
            }
            tokens[i] = text.substring(start + 1, end);
            at = end + 1;
        }
        return tokens;
    }
}
