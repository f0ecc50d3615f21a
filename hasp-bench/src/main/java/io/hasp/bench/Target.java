package io.hasp.bench;

/**
 * One target from the issues, checked against this run. Immutable.
 *
 * @param issues the issues that set it, e.g. {@code "3, 7"}
 * @param text the target as the issue states it
 * @param status met, missed, or not run
 * @param detail the numbers behind the verdict
 */
record Target(String issues, String text, Status status, String detail) {

    enum Status {
        MET("met"), MISSED("MISSED"), NOT_RUN("not run");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }
}
