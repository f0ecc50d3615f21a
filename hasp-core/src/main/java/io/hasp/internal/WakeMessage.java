package io.hasp.internal;

/**
 * A message on a lock's channel. {@value #RELEASED} says the plain lock was freed (every waiting client may attempt);
 * {@code "r <waiter id>"} says it was freed and names the one client the release woke (and removed from the waiter
 * registry); a grant, {@code "g <fence> <lease end, server µs> <token>"}, says the fair lock was handed to the waiter
 * with that token.
 *
 * @param fence the fencing token of the grant
 * @param leaseEndMicros when the hand-off lease ends, on the server's clock (µs)
 * @param token the token the lock now holds
 */
record WakeMessage(long fence, long leaseEndMicros, String token) {
    /** The plain lock was released and someone waits. */
    static final String RELEASED = "r";

    /** The waiter id that a release naming one client woke, or {@code null} if {@code message} is not one. */
    static String wokenClient(String message) {
        return message.startsWith("r ") ? message.substring(2) : null;
    }

    /** The grant in {@code message}, or {@code null} if it is not a grant. */
    static WakeMessage parseGrant(String message) {
        if (!message.startsWith("g ")) {
            return null;
        }
        String[] parts = message.split(" ", 4);
        if (parts.length != 4) {
            return null;
        }
        try {
            return new WakeMessage(Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
