package io.hasp.spring.boot;

import io.hasp.HaspArgumentException;
import io.hasp.HaspBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import org.springframework.boot.ssl.SslBundle;

/**
 * An SSL bundle's trusted certificates as Hasp's builder takes them. The builder reads a trust store file, so the
 * bundle's certificates (public, never a private key) are copied into a PKCS#12 file that lives only while the builder
 * reads it, under a random password. Hasp presents no client certificate: a bundle with a key store is refused
 * rather than silently half-used.
 */
final class BundleTrust {

    private BundleTrust() {
    }

    /** @throws HaspArgumentException if the bundle has a key store, or no trust store with a certificate */
    static void applyTo(HaspBuilder builder, SslBundle bundle) {
        if (bundle.getStores().getKeyStore() != null) {
            throw new HaspArgumentException("the bundle has a key store, but Hasp does not present client"
                    + " certificates (Redis tls-auth-clients); name a bundle with a trust store only");
        }
        KeyStore trust = bundle.getStores().getTrustStore();
        if (trust == null) {
            throw new HaspArgumentException("the bundle has no trust store; Hasp needs the CA certificates that signed"
                    + " the Redis server's certificate (or leave the bundle out for the JVM's trust store)");
        }
        char[] password = randomPassword();
        Path file = null;
        try {
            file = Files.createTempFile("hasp-trust", ".p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                certificatesOf(trust).store(out, password);
            }
            builder.trustStore(file, password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not hand the SSL bundle's trust store to Hasp", e);
        } catch (GeneralSecurityException e) {
            throw new HaspArgumentException("the bundle's trust store cannot be read: " + e.getMessage());
        } finally {
            delete(file);
        }
    }

    private static KeyStore certificatesOf(KeyStore trust) throws GeneralSecurityException, IOException {
        KeyStore copy = KeyStore.getInstance("PKCS12");
        copy.load(null, null);
        for (String alias : Collections.list(trust.aliases())) {
            if (trust.isCertificateEntry(alias)) {
                copy.setCertificateEntry(alias, trust.getCertificate(alias));
            }
        }
        return copy;
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).toCharArray();
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }
}
