package io.hasp;

import io.hasp.testkit.RedisServer;
import io.hasp.testkit.TestkitException;
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
final class TlsRedis implements AutoCloseable {
    static final char[] TRUSTSTORE_PASSWORD = "changeit".toCharArray();

    private final Path dir;
    private final RedisServer server;
    private final int tlsPort;

    private TlsRedis(Path dir, RedisServer server, int tlsPort) {
        this.dir = dir;
        this.server = server;
        this.tlsPort = tlsPort;
    }

    /** A server whose certificate is signed by a fresh private CA; {@code caName} tells two CAs apart. */
    static TlsRedis start(String caName) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hasp-tls");
        makeCertificates(dir, caName);
        TestkitException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int tlsPort = freePort();
            try {
                RedisServer server = RedisServer.builder().config("tls-port", Integer.toString(tlsPort))
                        .config("tls-cert-file", dir.resolve("server.crt").toString())
                        .config("tls-key-file", dir.resolve("server.key").toString())
                        .config("tls-ca-cert-file", dir.resolve("ca.crt").toString())
                        .config("tls-auth-clients", "no").start();
                return new TlsRedis(dir, server, tlsPort);
            } catch (TestkitException e) {
                Assumptions.assumeFalse(String.valueOf(e.getMessage()).contains("tls"),
                        "redis-server was built without TLS: " + e.getMessage());
                last = e; // the TLS port was taken meanwhile
            }
        }
        throw last;
    }

    /** {@code rediss://127.0.0.1:TLSPORT}. */
    String tlsUri() {
        return "rediss://127.0.0.1:" + tlsPort;
    }

    RedisServer server() {
        return server;
    }

    /** The private CA's certificate, PEM. */
    Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** A PKCS#12 truststore holding the private CA, password {@link #TRUSTSTORE_PASSWORD}. */
    Path trustStore() throws Exception {
        Path store = dir.resolve("truststore.p12");
        if (!Files.exists(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            try (InputStream pem = Files.newInputStream(caCertificate())) {
                Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(pem);
                keyStore.setCertificateEntry("hasp-test-ca", ca);
            }
            try (OutputStream out = Files.newOutputStream(store)) {
                keyStore.store(out, TRUSTSTORE_PASSWORD);
            }
        }
        return store;
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void makeCertificates(Path dir, String caName) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=" + caName);
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.cnf");
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
