package io.hasp.demo;

/**
 * A configuration the service cannot run with: an unknown flag, a bad value, a port already in use. Its message is
 * one line meant for a person at a terminal; the process exits with {@link #EXIT_CODE}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exit code for bad configuration, as for a command-line usage error. */
    public static final int EXIT_CODE = 2;

    public ConfigException(String message) {
        super(message);
    }
}
