package io.hasp.internal;

import io.hasp.HaspArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads the CA certificates a client trusts for {@code rediss://} connections, once, when the builder is given them:
 * a missing file, a wrong password or a file without certificates fails there, naming the file (never the password).
 */
public final class TrustedCertificates {
    private TrustedCertificates() {
    }

    /** The trusted entries of a PKCS#12 or JKS keystore file. */
    public static TrustManagerFactory fromStore(Path file, char[] password) {
        if (file == null) {
            throw new HaspArgumentException("trustStore must not be null");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(file.toFile(), password);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new HaspArgumentException("trustStore '" + file + "' cannot be read as a PKCS#12 or JKS keystore"
                    + " with the password given: " + e.getMessage());
        }
        return factory(file, "trustStore", store);
    }

    /** The X.509 certificates of a PEM file (one or more {@code -----BEGIN CERTIFICATE-----} blocks). */
    public static TrustManagerFactory fromPem(Path file) {
        if (file == null) {
            throw new HaspArgumentException("trustedCertificates must not be null");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            return factory(file, "trustedCertificates", store);
        } catch (IOException | GeneralSecurityException e) {
            throw new HaspArgumentException("trustedCertificates '" + file + "' cannot be read as PEM certificates: "
                    + e.getMessage());
        }
    }

    private static TrustManagerFactory factory(Path file, String argument, KeyStore store) {
        try {
            if (store.size() == 0) {
                throw new HaspArgumentException(argument + " '" + file + "' holds no certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new HaspArgumentException(argument + " '" + file + "' cannot be used: " + e.getMessage());
        }
    }
}
