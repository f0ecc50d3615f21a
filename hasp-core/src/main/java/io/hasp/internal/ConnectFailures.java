package io.hasp.internal;

import io.hasp.HaspException;
import io.hasp.RedisAuthenticationException;
import io.hasp.RedisTlsException;
import io.hasp.RedisUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Says why opening a connection failed. Lettuce reports every failed connect as "Unable to connect to host:port",
 * with the real reason somewhere in its causes: a refused password, a certificate the JVM does not trust, or a
 * network failure. Only the last is {@link RedisUnavailableException}, with the network's own words; the others get
 * their own exception and a message that says what to fix.
 */
final class ConnectFailures {
    /**
     * Lettuce's words for a connection that closed before its handshake ended: seen by the handshake itself, or by the
     * connect step that finds the channel's pipeline already taken down.
     */
    private static final List<String> CLOSED_DURING_GREETING = List.of("Connection closed prematurely",
            "RedisHandshakeHandler not registered");

    private ConnectFailures() {
    }

    /**
     * The Hasp exception for a failed connect to {@code where} ({@code host:port}, never a URI with credentials).
     */
    static RuntimeException map(String where, Throwable failure) {
        List<Throwable> chain = chain(failure);
        RedisCommandExecutionException refusal = find(chain, RedisCommandExecutionException.class);
        if (authenticationRefusal(failure) != null) {
            String hint = refusal.getMessage().startsWith("NOAUTH")
                    ? "Redis requires a password and the URI gives none (redis://user:password@host:port)"
                    : "check the user name and password in the URI";
            return new RedisAuthenticationException("connecting to " + where + " failed: Redis refused"
                    + " authentication (" + refusal.getMessage() + "); " + hint, refusal);
        }
        SSLException tls = find(chain, SSLException.class);
        if (tls != null) {
            return new RedisTlsException("connecting to " + where + " failed: the TLS handshake failed: "
                    + certificateProblem(chain) + " (" + deepestMessage(chain, tls) + ")", tls);
        }
        if (refusal != null) {
            return new HaspException(null, "connecting to " + where + " was refused by Redis: "
                    + refusal.getMessage(), refusal);
        }
        if (RedisErrors.isUnavailable(failure)) {
            // Lettuce's own message only repeats the address; the innermost cause says what the network did.
            return new RedisUnavailableException(null, "connecting to " + where + " failed: Redis could not be reached"
                    + " (" + deepestMessage(chain, failure) + ")", RedisErrors.unwrap(failure));
        }
        return RedisErrors.map(null, "connecting to " + where, failure);
    }

    /** Redis's refusal of the credentials somewhere in {@code failure}'s causes, or {@code null} if there is none. */
    static RedisCommandExecutionException authenticationRefusal(Throwable failure) {
        RedisCommandExecutionException refusal = find(chain(failure), RedisCommandExecutionException.class);
        return refusal != null && isAuthentication(refusal.getMessage()) ? refusal : null;
    }

    /**
     * Whether {@code failure} is a connection closed before Redis answered its greeting, with no answer of the server's
     * in it: the connection was made, then lost, so what the server would say is unknown.
     */
    static boolean closedDuringGreeting(Throwable failure) {
        List<Throwable> chain = chain(failure);
        if (find(chain, RedisCommandExecutionException.class) != null) {
            return false;
        }
        for (Throwable t : chain) {
            boolean lettuceWords = t instanceof RedisConnectionException || t instanceof IllegalStateException;
            if (lettuceWords && CLOSED_DURING_GREETING.contains(String.valueOf(t.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /** One phrase for a connect failure, as in a per-node line: the mapped exception's message after the host. */
    static String reason(RuntimeException mapped, String where) {
        String message = mapped.getMessage();
        for (String prefix : new String[] {"connecting to " + where + " failed: ", "connecting to " + where + " "}) {
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }

    private static boolean isAuthentication(String message) {
        return message != null && (message.startsWith("NOAUTH") || message.startsWith("WRONGPASS")
                || message.startsWith("ERR invalid password") || message.startsWith("ERR AUTH")
                || message.startsWith("ERR Client sent AUTH"));
    }

    private static String certificateProblem(List<Throwable> chain) {
        if (find(chain, CertificateExpiredException.class) != null) {
            return "the server's certificate has expired";
        }
        if (find(chain, CertificateNotYetValidException.class) != null) {
            return "the server's certificate is not valid yet";
        }
        if (find(chain, CertPathBuilderException.class) != null
                || find(chain, CertPathValidatorException.class) != null) {
            return "the server's certificate is not trusted: no trusted CA signed it; trust its CA with"
                    + " HaspBuilder.trustedCertificates(...) or trustStore(...)";
        }
        for (Throwable t : chain) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("subject alternative name") || message.contains("No name matching")) {
                return "the server's certificate does not name the host connected to";
            }
        }
        return "the server's certificate or TLS settings were not accepted";
    }

    private static String deepestMessage(List<Throwable> chain, Throwable fallback) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (chain.get(i).getMessage() != null) {
                return chain.get(i).getMessage();
            }
        }
        return fallback.toString();
    }

    /**
     * {@code failure}, its causes, and each one's suppressed exceptions with their causes: a cluster client that
     * could not load its topology reports each seed's failure as a suppressed exception of one summary.
     */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        addWithCauses(failure, chain);
        return chain;
    }

    private static void addWithCauses(Throwable failure, List<Throwable> chain) {
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
            for (Throwable suppressed : t.getSuppressed()) {
                addWithCauses(suppressed, chain);
            }
        }
    }

    private static <T extends Throwable> T find(List<Throwable> chain, Class<T> type) {
        for (Throwable t : chain) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
