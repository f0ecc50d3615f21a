package io.hasp.demo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads and prints durations the way people type them: {@code 100ms}, {@code 2s}, {@code 1.5s}, {@code 1m}. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(-?)(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private Durations() {
    }

    /**
     * Parses {@code text}; a bare number is allowed only for zero, since "100" could be seconds or milliseconds.
     *
     * @throws ConfigException saying what is wrong with the value (the caller names the flag) if the text is not a
     *     non-negative duration
     */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException("must be a duration such as 100ms, 2s or 1m, got '" + text + "'");
        }
        if (!m.group(1).isEmpty()) {
            throw new ConfigException("must not be negative, got '" + text + "'");
        }
        BigDecimal amount = new BigDecimal(m.group(2));
        String unit = m.group(3);
        if (unit == null) {
            if (amount.signum() != 0) {
                throw new ConfigException("needs a unit (ms, s, m or h), got '" + text + "'");
            }
            return Duration.ZERO;
        }
        BigDecimal millisPerUnit = BigDecimal.valueOf(switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        });
        BigDecimal millis = amount.multiply(millisPerUnit);
        if (millis.compareTo(BigDecimal.valueOf(Duration.ofDays(365).toMillis())) > 0) {
            throw new ConfigException("is too long: '" + text + "'");
        }
        return Duration.ofNanos(millis.movePointRight(6).longValue());
    }

    /** Reads durations in flags: {@link #parse}, its complaint reported by picocli next to the flag's name. */
    public static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (ConfigException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code 100ms}, {@code 2s}, {@code 1.5s}, {@code 1m}, {@code 168h}: a form that {@link #parse} reads back. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000 || millis % 100 != 0) {
            return millis + "ms";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
