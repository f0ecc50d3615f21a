package io.hasp.bench;

/**
 * One column of a result table: the key of the value in each row (also the JSON field) and how to print it.
 * Immutable.
 */
record Column(String key, String header, Format format) {

    /** How a value is printed in the text table; JSON always carries the plain number. */
    enum Format { COUNT, ONE_DECIMAL, TWO_DECIMALS, RATIO, PERCENT, TEXT }

    static Column count(String key, String header) {
        return new Column(key, header, Format.COUNT);
    }

    static Column decimal(String key, String header) {
        return new Column(key, header, Format.ONE_DECIMAL);
    }

    static Column precise(String key, String header) {
        return new Column(key, header, Format.TWO_DECIMALS);
    }

    static Column ratio(String key, String header) {
        return new Column(key, header, Format.RATIO);
    }

    static Column percent(String key, String header) {
        return new Column(key, header, Format.PERCENT);
    }

    static Column text(String key, String header) {
        return new Column(key, header, Format.TEXT);
    }
}
