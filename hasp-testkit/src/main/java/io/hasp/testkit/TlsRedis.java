package io.hasp.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server that also listens for TLS, with a certificate for 127.0.0.1 signed by a private CA made for the
 * test with the {@code openssl} binary. Skips the test (an assumption) when {@code openssl} is missing or the
 * redis-server binary was built without TLS. Client certificates are not required ({@code tls-auth-clients no}).
 */
public final class TlsRedis implements AutoCloseable {
    /** The password of every {@link PrivateCa#trustStore()}. */
    public static final char[] TRUSTSTORE_PASSWORD = "changeit".toCharArray();

    private final RedisServer server;
    private final int tlsPort;

    private TlsRedis(RedisServer server, int tlsPort) {
        this.server = server;
        this.tlsPort = tlsPort;
    }

    /** A private CA in a temporary directory: its certificate, and server certificates it signs for 127.0.0.1. */
    public static final class PrivateCa implements AutoCloseable {
        private final Path dir;
        private int issued;

        /**
         * Makes the CA, named {@code CN=name}, with {@code openssl}; skips the test when there is none.
         *
         * @param name the CA's common name
         * @throws IOException if the directory cannot be made or {@code openssl} fails
         * @throws InterruptedException if interrupted while {@code openssl} runs
         */
        public PrivateCa(String name) throws IOException, InterruptedException {
            this.dir = Files.createTempDirectory("hasp-tls");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                    "-days", "2", "-subj", "/CN=" + name);
        }

        /** {@return the CA's certificate, PEM} */
        public Path certificate() {
            return dir.resolve("ca.crt");
        }

        /**
         * {@return a PKCS#12 truststore holding this CA, password {@link #TRUSTSTORE_PASSWORD}} Written on the first
         * call.
         *
         * @throws Exception if the certificate cannot be read or the store cannot be written
         */
        public Path trustStore() throws Exception {
            Path store = dir.resolve("truststore.p12");
            if (!Files.exists(store)) {
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                keyStore.load(null, null);
                try (InputStream pem = Files.newInputStream(certificate())) {
                    Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(pem);
                    keyStore.setCertificateEntry("hasp-test-ca", ca);
                }
                try (OutputStream out = Files.newOutputStream(store)) {
                    keyStore.store(out, TRUSTSTORE_PASSWORD);
                }
            }
            return store;
        }

        /**
         * Issues a certificate and key for 127.0.0.1, signed by this CA, with {@code openssl}.
         *
         * @return the files' path without extension: the certificate is at {@code .crt}, the key at {@code .key}
         * @throws IOException if a file cannot be written or {@code openssl} fails
         * @throws InterruptedException if interrupted while {@code openssl} runs
         */
        public synchronized Path issue() throws IOException, InterruptedException {
            String stem = "server" + (++issued);
            Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", stem + ".key", "-out", stem + ".csr",
                    "-subj", "/CN=127.0.0.1");
            openssl(dir, "x509", "-req", "-in", stem + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", stem + ".crt", "-days", "2", "-extfile", "san.cnf");
            return dir.resolve(stem);
        }

        @Override
        public void close() throws IOException {
            try (var files = Files.walk(dir)) {
                for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * A server whose certificate {@code ca} signs; closing the server leaves the CA to its owner. Skips the test when
     * redis-server has no TLS.
     *
     * @param ca the CA that signs the server's certificate
     * @return the running server, listening for TLS ({@link #tlsUri()}) and plain ({@link #server()})
     * @throws IOException if the certificate cannot be issued or no port is free
     * @throws InterruptedException if interrupted while {@code openssl} runs
     * @throws TestkitException if the server does not start in 3 attempts
     */
    public static TlsRedis start(PrivateCa ca) throws IOException, InterruptedException {
        Path stem = ca.issue();
        TestkitException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int tlsPort = freePort();
            try {
                RedisServer.Builder builder = RedisServer.builder();
                listenForTls(builder, ca, stem, tlsPort);
                return new TlsRedis(builder.start(), tlsPort);
            } catch (TestkitException e) {
                skipWithoutTls(e);
                last = e; // the TLS port was taken meanwhile
            }
        }
        throw last;
    }

    /**
     * Makes {@code builder}'s server also listen for TLS on {@code tlsPort} with the certificate at {@code stem}.
     *
     * @param builder the server's builder
     * @param ca the CA that signed the certificate; clients are not asked for certificates
     * @param stem the certificate's path without extension, from {@link PrivateCa#issue()}
     * @param tlsPort the TLS port, e.g. from {@link #freePort()}
     */
    public static void listenForTls(RedisServer.Builder builder, PrivateCa ca, Path stem, int tlsPort) {
        builder.config("tls-port", Integer.toString(tlsPort)).config("tls-cert-file", stem + ".crt")
                .config("tls-key-file", stem + ".key").config("tls-ca-cert-file", ca.certificate().toString())
                .config("tls-auth-clients", "no");
    }

    /**
     * Skips the test if {@code e} says the binary has no TLS (it rejects the tls-* directives); returns if the port was
     * taken meanwhile (the caller may retry on another); rethrows {@code e} otherwise.
     *
     * @param e the failure to start a server with TLS
     */
    public static void skipWithoutTls(TestkitException e) {
        String why = String.valueOf(e.getMessage());
        Assumptions.assumeFalse(why.contains("Bad directive"), "redis-server was built without TLS: " + why);
        if (!why.contains("Address already in use")) {
            throw e;
        }
    }

    /** {@return {@code rediss://127.0.0.1:TLSPORT}} */
    public String tlsUri() {
        return "rediss://127.0.0.1:" + tlsPort;
    }

    /** {@return the server, for plain (non-TLS) commands on its usual port} */
    public RedisServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        } catch (IOException e) {
            Assumptions.abort("no openssl binary to make test certificates: " + e.getMessage());
            throw e;
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: "
                    + Files.readString(dir.resolve("openssl.log")));
        }
    }

    /**
     * {@return a free loopback port, for a TLS listener next to a server's plain one}
     *
     * @throws IOException if no port can be opened
     */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
