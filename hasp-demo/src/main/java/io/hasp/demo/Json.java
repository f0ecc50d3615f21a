package io.hasp.demo;

/** Just enough JSON writing for the service's small replies, so the demo needs no JSON library. Stateless. */
final class Json {
    private Json() {
    }

    /** {@code s} as a JSON string literal, quotes included. */
    static String string(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** An error reply: {@code {"error": "...", "detail": "...", "instance": "..."}}. */
    static String error(String error, String detail, String instance) {
        return "{\"error\": " + string(error) + ", \"detail\": " + string(detail) + ", \"instance\": "
                + string(instance) + "}";
    }
}
