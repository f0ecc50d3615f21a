package io.hasp;

import io.hasp.internal.Arguments;
import io.hasp.internal.ClientSettings;
import io.hasp.internal.DefaultHasp;
import io.hasp.internal.NodeUris;
import io.hasp.internal.RedactedUris;
import io.hasp.internal.TrustedCertificates;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a {@link Hasp} client. Each setter validates its argument at once and throws {@link HaspArgumentException}
 * naming the argument and the bad value. Not thread-safe; the client it builds is.
 */
public final class HaspBuilder {
    private final List<RedisURI> uris = new ArrayList<>();
    private final List<RedisURI> clusterSeeds = new ArrayList<>();
    private RedisClient redisClient;
    private String namespace = "hasp:";
    private LockOptions defaultOptions = LockOptions.defaults();
    private Duration commandTimeout = Duration.ofSeconds(2);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Ticker ticker = Ticker.system();
    private Executor executor = ForkJoinPool.commonPool();
    private RedlockOptions redlock = RedlockOptions.defaults();
    private TrustManagerFactory trust;
    private final List<LockListener> listeners = new ArrayList<>();

    HaspBuilder() {
    }

    /**
     * The Redis to use, as a URI string ({@code redis://}, {@code rediss://}, with user, password and database), or
     * a primary watched by Sentinels in Lettuce's form {@code redis-sentinel://host:26379,host2:26379/0#mymaster}:
     * the client then works on whichever node the Sentinels name primary, and follows their failovers.
     *
     * @param uri the Redis URI; a password in it is never printed
     * @return this builder
     * @throws HaspArgumentException if the URI is null or cannot be parsed, a URI is already set, or
     *     {@link #cluster(String...)} was called
     */
    public HaspBuilder uri(String uri) {
        return uri(Arguments.parseUri(uri));
    }

    /**
     * The Redis to use, as a Lettuce {@link RedisURI}.
     *
     * @param uri the Redis to connect to
     * @return this builder
     * @throws HaspArgumentException if {@code uri} is null, a URI is already set, or {@link #cluster(String...)} was
     *     called
     */
    public HaspBuilder uri(RedisURI uri) {
        Arguments.notNull("uri", uri);
        refuseIfCluster("uri");
        if (!uris.isEmpty()) {
            throw new HaspArgumentException("uri is already set to " + RedactedUris.of(uris.get(0))
                    + "; one client talks to one Redis (for a lock over several servers, call uris(...) once with all"
                    + " of them)");
        }
        uris.add(uri);
        return this;
    }

    /**
     * The Redis servers to use. One URI is the same as {@link #uri(String)}; several make a Redlock client over that
     * many independent masters (an odd number, at least 3), with the same lock API: a lock is held while a majority
     * of the servers grant it, so it survives losing a minority of them. See {@link #redlock(RedlockOptions)}.
     *
     * @param uris one URI per Redis master
     * @return this builder
     * @throws HaspArgumentException for a bad URI, 2 or an even number of servers, or one server named twice, or if
     *     a URI or cluster seeds are already set
     */
    public HaspBuilder uris(String... uris) {
        return uris(NodeUris.parse(uris));
    }

    /**
     * {@link #uris(String...)} with Lettuce {@link RedisURI}s.
     *
     * @param uris one URI per Redis master
     * @return this builder
     * @throws HaspArgumentException as {@link #uris(String...)}, or if the list or one of its URIs is null
     */
    public HaspBuilder uris(List<RedisURI> uris) {
        Arguments.notNull("uris", uris);
        if (!this.uris.isEmpty()) {
            throw new HaspArgumentException("uris are already set to "
                    + this.uris.stream().map(RedactedUris::of).toList());
        }
        refuseIfCluster("uris");
        this.uris.addAll(NodeUris.check(uris));
        return this;
    }

    /**
     * A Redis Cluster, found through these seed nodes ({@code redis://} or {@code rediss://}; one reachable node is
     * enough, more make the first connect survive a node that is down). Every lock's keys share one hash slot, its
     * scripts run on that slot's primary, and the client follows failovers and slot moves (topology refreshed on
     * MOVED/ASK redirects and reconnects, and every 5 s). Not combined with {@link #uri} or {@link #uris}.
     *
     * @param seeds URIs of one or more nodes of the cluster
     * @return this builder
     * @throws HaspArgumentException for a bad or Sentinel URI, a seed named twice, or if a URI is already set
     */
    public HaspBuilder cluster(String... seeds) {
        return cluster(NodeUris.parse(seeds));
    }

    /**
     * {@link #cluster(String...)} with Lettuce {@link RedisURI}s.
     *
     * @param seeds one or more nodes of the cluster
     * @return this builder
     * @throws HaspArgumentException as {@link #cluster(String...)}, or if the list is null
     */
    public HaspBuilder cluster(List<RedisURI> seeds) {
        Arguments.notNull("seeds", seeds);
        if (!uris.isEmpty()) {
            throw new HaspArgumentException("cluster(...) cannot be combined with uri/uris, already set to " + uris
                    + "; a client talks to one deployment");
        }
        if (!clusterSeeds.isEmpty()) {
            throw new HaspArgumentException("cluster seeds are already set to " + clusterSeeds);
        }
        clusterSeeds.addAll(NodeUris.checkClusterSeeds(seeds));
        return this;
    }

    private void refuseIfCluster(String setter) {
        if (!clusterSeeds.isEmpty()) {
            throw new HaspArgumentException(setter + "(...) cannot be combined with cluster(...), already set to "
                    + clusterSeeds + "; a client talks to one deployment");
        }
    }

    /**
     * How a client over several servers talks to them; ignored with one. Default {@link RedlockOptions#defaults()}.
     *
     * @param options the Redlock timing options
     * @return this builder
     * @throws HaspArgumentException if {@code options} is null
     */
    public HaspBuilder redlock(RedlockOptions options) {
        this.redlock = Arguments.notNull("redlock", options);
        return this;
    }

    /**
     * A Lettuce client of yours to connect with; Hasp will not shut it down. Without a {@link #uri} the client's
     * default URI is used.
     *
     * @param client the Lettuce client; its options (timeouts, TLS) apply as they are
     * @return this builder
     * @throws HaspArgumentException if {@code client} is null
     */
    public HaspBuilder redisClient(RedisClient client) {
        this.redisClient = Arguments.notNull("redisClient", client);
        return this;
    }

    /**
     * The prefix of every key Hasp writes; default {@code "hasp:"}. At most 64 characters, no braces, and none of the
     * characters a lock name may not hold (see {@link Hasp#lock(String)}).
     *
     * @param namespace the key prefix; clients that share locks must use the same one
     * @return this builder
     * @throws HaspArgumentException if {@code namespace} is null, too long, or holds a character it may not
     */
    public HaspBuilder namespace(String namespace) {
        this.namespace = Arguments.checkNamespace(namespace);
        return this;
    }

    /**
     * The options used by {@link Hasp#lock(String)} and the other handles made without options.
     *
     * @param options the client's default lock options; default {@link LockOptions#defaults()}
     * @return this builder
     * @throws HaspArgumentException if {@code options} is null
     */
    public HaspBuilder defaultOptions(LockOptions options) {
        this.defaultOptions = Arguments.notNull("defaultOptions", options);
        return this;
    }

    /**
     * How long any one Redis command may take before it fails with {@link RedisUnavailableException}; default 2 s. A
     * client over several servers bounds its lock commands by the shorter per-node timeout of {@link RedlockOptions}
     * instead, and uses this one for its other commands (probes, admin). Opening a connection is bounded by
     * {@link #connectTimeout(Duration)} instead.
     *
     * @param timeout the longest a command may take
     * @return this builder
     * @throws HaspArgumentException if {@code timeout} is null, not positive, or longer than 5 minutes
     */
    public HaspBuilder commandTimeout(Duration timeout) {
        this.commandTimeout = Arguments.checkPositive("commandTimeout", timeout, Duration.ofMinutes(5));
        return this;
    }

    /**
     * How long opening a connection to Redis may take, up to its first answer; default 10 s. It bounds the TCP
     * connect, Lettuce's handshake (also when Lettuce reconnects after a drop), and the first {@code INFO} of each
     * new connection: the command connection that {@link #build()} opens, the pub/sub connection opened on the first
     * wait, and, on a client over several servers, each node's connections and {@link #build()}'s wait for a majority
     * of them. Commands on an open connection keep the {@link #commandTimeout(Duration) command timeout}, so a short
     * one does not make a cold JVM on a busy machine fail to connect. A refused connection fails at once either way.
     *
     * <p>With your own {@link #redisClient(RedisClient)}, Hasp leaves the client's options alone: the TCP connect is
     * bounded by its {@code SocketOptions} connect timeout (Lettuce's default is 10 s), and a fixed timeout in its
     * {@code TimeoutOptions} bounds every command, the first {@code INFO} included, whatever this one says. With a
     * {@link #uri}, the handshake is bounded by this timeout and {@link #build()} waits at most this long for the
     * connection and its first answer; without one, the handshake is bounded by the timeout of the client's default
     * URI and only the wait for the first answer by this one.
     *
     * @param timeout the longest opening a connection may take
     * @return this builder
     * @throws HaspArgumentException if {@code timeout} is null, not positive, or longer than 5 minutes
     */
    public HaspBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = Arguments.checkPositive("connectTimeout", timeout, Duration.ofMinutes(5));
        return this;
    }

    /**
     * Trusts the CA certificates of a PKCS#12 or JKS keystore for {@code rediss://} connections, instead of the JVM's
     * default CAs (and {@code javax.net.ssl.trustStore}): for a Redis whose certificate a private CA signed. The file
     * is read now. Applies to every server of the client, Redlock nodes included; the server's certificate must
     * also name the host in the URI. Not with {@link #redisClient(RedisClient)}: set its {@code SslOptions} instead.
     *
     * @param file the keystore file
     * @param password the keystore's password, or null to read it without an integrity check; not kept
     * @return this builder
     * @throws HaspArgumentException if {@code file} is null, or the file cannot be read with this password or holds
     *     no certificate
     */
    public HaspBuilder trustStore(Path file, char[] password) {
        this.trust = TrustedCertificates.fromStore(file, password);
        return this;
    }

    /**
     * {@link #trustStore(Path, char[])} with the CA certificates of a PEM file ({@code -----BEGIN CERTIFICATE-----}
     * blocks), such as the {@code ca.crt} given to Redis as {@code tls-ca-cert-file}.
     *
     * @param pemFile the PEM file of CA certificates
     * @return this builder
     * @throws HaspArgumentException if {@code pemFile} is null, or the file cannot be read or holds no certificate
     */
    public HaspBuilder trustedCertificates(Path pemFile) {
        this.trust = TrustedCertificates.fromPem(pemFile);
        return this;
    }

    /**
     * The monotonic clock that lease validity is computed on; default {@link Ticker#system()}. Tests pass a ticker
     * they advance by hand.
     *
     * @param ticker the clock
     * @return this builder
     * @throws HaspArgumentException if {@code ticker} is null
     */
    public HaspBuilder ticker(Ticker ticker) {
        this.ticker = Arguments.notNull("ticker", ticker);
        return this;
    }

    /**
     * Where futures returned by the {@code ...Async} methods complete, and where listeners run; default the common
     * fork-join pool.
     *
     * @param executor the executor; Hasp does not shut it down
     * @return this builder
     * @throws HaspArgumentException if {@code executor} is null
     */
    public HaspBuilder executor(Executor executor) {
        this.executor = Arguments.notNull("executor", executor);
        return this;
    }

    /**
     * Adds a listener that sees every acquire, release, renewal failure and lease loss of this client's locks, on the
     * {@link #executor(Executor) executor}; call again to add more. See {@link LockListener}.
     *
     * @param listener the listener to add
     * @return this builder
     * @throws HaspArgumentException if {@code listener} is null
     */
    public HaspBuilder listener(LockListener listener) {
        listeners.add(Arguments.notNull("listener", listener));
        return this;
    }

    /**
     * Connects and returns the client.
     *
     * @return a connected client; close it when done
     * @throws HaspArgumentException if neither a URI nor a Redis client was given, or settings that exclude each other
     *     were combined (a cluster with a Redis client, a trust store with a Redis client)
     * @throws RedisUnavailableException if Redis cannot be reached within the connect timeout (for several servers:
     *     fewer than a majority; the message has one line per failed server and each cause is attached as suppressed)
     * @throws RedisAuthenticationException if Redis refuses the URI's user name or password, or needs one
     * @throws RedisTlsException if the TLS handshake fails; the message names the certificate problem
     */
    public Hasp build() {
        if (uris.isEmpty() && redisClient == null && clusterSeeds.isEmpty()) {
            throw new HaspArgumentException("uri is not set: call uri(\"redis://host:port\"), cluster(seeds...) or"
                    + " redisClient(client)");
        }
        if (!clusterSeeds.isEmpty() && redisClient != null) {
            throw new HaspArgumentException("redisClient(...) cannot be combined with cluster(...): a Redis Cluster"
                    + " needs the RedisClusterClient that Hasp makes from the seeds");
        }
        if (trust != null && redisClient != null) {
            throw new HaspArgumentException("trustStore and trustedCertificates apply to the Lettuce client Hasp"
                    + " creates; with your own redisClient, give it SslOptions with your truststore instead");
        }
        return DefaultHasp.connect(new ClientSettings(List.copyOf(uris), redisClient, namespace, defaultOptions,
                commandTimeout, connectTimeout, ticker, executor, redlock, List.copyOf(listeners),
                Optional.ofNullable(trust), List.copyOf(clusterSeeds)));
    }
}
