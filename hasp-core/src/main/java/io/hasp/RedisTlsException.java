package io.hasp;

/**
 * The TLS handshake with Redis failed ({@code rediss://}): typically the server's certificate is not signed by a CA
 * the client trusts ({@link HaspBuilder#trustStore}, {@link HaspBuilder#trustedCertificates}), does not name the
 * host connected to, or has expired. The message names the server and the certificate problem. Retrying with the
 * same settings will not help.
 */
public final class RedisTlsException extends HaspException {
    private static final long serialVersionUID = 1L;

    /**
     * A failed TLS handshake.
     *
     * @param message the server and the certificate problem
     * @param cause the failure from the TLS layer
     */
    public RedisTlsException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
