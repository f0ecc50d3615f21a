package io.hasp;

/**
 * The Redis key that would hold the lock holds data Hasp did not write (another type, or a string that is not a Hasp
 * token). Hasp never deletes or overwrites such a key: rename the lock or its namespace, or remove the data yourself.
 */
public final class KeyConflictException extends HaspException {
    private static final long serialVersionUID = 1L;
    /** The Redis key that holds the foreign data. */
    private final String key;

    /**
     * Lock {@code lockName} found {@code what} at Redis key {@code key}.
     *
     * @param lockName the lock whose key holds the data
     * @param key the Redis key
     * @param what what the key holds, for the message: for example "a hash"
     */
    public KeyConflictException(String lockName, String key, String what) {
        super(lockName, "lock '" + lockName + "': Redis key '" + key + "' holds " + what
                + " that Hasp did not write; it was left untouched");
        this.key = key;
    }

    /** {@return the Redis key that holds the foreign data} */
    public String key() {
        return key;
    }
}
