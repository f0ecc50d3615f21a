package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hasp.testkit.FaultProxy;
import io.hasp.testkit.RedisNodes;
import io.hasp.testkit.RedisServer;
import io.hasp.testkit.RedisServerExtension;
import io.hasp.testkit.Timing;
import io.hasp.testkit.TlsRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, defect 4: a connect failure says what failed. A wrong or missing password is an authentication failure,
 * not "Redis did not answer"; an untrusted server certificate names the certificate problem; a Redlock client that
 * cannot reach a majority names each node's cause, one line per node, with each cause attached as suppressed. A
 * connection the server drops during the greeting is opened once more, so what the server says decides the cause.
 */
class ConnectErrorsIT {
    @RegisterExtension
    static final RedisServerExtension NODES_PER_TEST = RedisServerExtension.perTest().nodes(3);

    @RegisterExtension
    static final RedisServerExtension REDIS_PER_TEST = RedisServerExtension.perTest();

    @Test
    void aWrongPasswordIsAnAuthenticationFailure(RedisServer redis) {
        redis.command("ACL", "SETUSER", "hasp", "on", ">right", "~*", "&*", "+@all");
        Throwable failure = catchThrowable(() -> Hasp.connect("redis://hasp:wrong@127.0.0.1:" + redis.port()));
        assertThat(failure).isInstanceOf(RedisAuthenticationException.class)
                .hasMessageContaining("127.0.0.1:" + redis.port()).hasMessageContaining("WRONGPASS")
                .hasMessageContaining("user name and password").hasMessageNotContaining("did not answer");
    }

    @Test
    void aMissingPasswordIsAnAuthenticationFailure(RedisServer redis) {
        redis.command("CONFIG", "SET", "requirepass", "needed");
        Throwable failure = catchThrowable(() -> Hasp.connect("redis://127.0.0.1:" + redis.port()));
        assertThat(failure).isInstanceOf(RedisAuthenticationException.class)
                .hasMessageContaining("127.0.0.1:" + redis.port()).hasMessageContaining("NOAUTH")
                .hasMessageContaining("requires a password").hasMessageNotContaining("did not answer");
    }

    @Test
    void anUntrustedCertificateIsATlsFailureThatNamesIt() throws Exception {
        try (TlsRedis.PrivateCa ca = new TlsRedis.PrivateCa("hasp-untrusted-ca"); TlsRedis tls = TlsRedis.start(ca)) {
            Throwable failure = catchThrowable(() -> Hasp.builder().uri(tls.tlsUri())
                    .connectTimeout(Timing.scaled(Duration.ofSeconds(30))).build());
            assertThat(failure).isInstanceOf(RedisTlsException.class)
                    .hasMessageContaining("127.0.0.1:").hasMessageContaining("TLS")
                    .hasMessageContaining("certificate is not trusted").hasMessageNotContaining("did not answer");
        }
    }

    @Test
    void aRedlockClientWithoutAMajorityNamesEachNodesCause(RedisNodes nodes) {
        nodes.node(0).command("ACL", "SETUSER", "default", "on", "resetpass", ">right");
        nodes.node(1).stop();
        String[] uris = {"redis://:wrong@127.0.0.1:" + nodes.node(0).port(),
            "redis://:wrong@127.0.0.1:" + nodes.node(1).port(), nodes.node(2).uri()};
        Throwable failure = catchThrowable(() -> Hasp.builder().uris(uris)
                .connectTimeout(Timing.scaled(Duration.ofSeconds(30))).build());
        assertThat(failure).isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("only 1 of 3").hasMessageNotContaining("wrong");
        String[] lines = failure.getMessage().split("\n");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("127.0.0.1:" + nodes.node(0).port())
                .contains("WRONGPASS"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("127.0.0.1:" + nodes.node(1).port())
                .containsIgnoringCase("refused"));
        assertThat(failure.getSuppressed()).hasSize(2);
        assertThat(Arrays.stream(failure.getSuppressed()).map(Throwable::getClass).toList())
                .containsExactlyInAnyOrder(RedisAuthenticationException.class, RedisUnavailableException.class);
    }

    @Test
    void aRedlockClientRefusedByEveryNodeIsAnAuthenticationFailure(RedisNodes nodes) {
        String[] uris = new String[3];
        for (int i = 0; i < 3; i++) {
            nodes.node(i).command("ACL", "SETUSER", "default", "on", "resetpass", ">right");
            uris[i] = "redis://:wrong@127.0.0.1:" + nodes.node(i).port();
        }
        Throwable failure = catchThrowable(() -> Hasp.connect(uris));
        assertThat(failure).isInstanceOf(RedisAuthenticationException.class).hasMessageContaining("only 0 of 3");
        assertThat(failure.getMessage().split("\n")).filteredOn(line -> line.contains("WRONGPASS")).hasSize(3);
        assertThat(failure.getSuppressed()).hasSize(3).allMatch(s -> s instanceof RedisAuthenticationException);
    }

    @Test
    void aConnectionDroppedDuringItsGreetingIsOpenedOnceMore(RedisServer redis) {
        try (FaultProxy proxy = FaultProxy.start(redis).dropGreetings(1); Hasp hasp = Hasp.connect(proxy.uri())) {
            assertThat(hasp.lock("greeted").tryAcquire()).isPresent();
        }
    }

    @Test
    void aRedlockNodeThatDropsAGreetingThenRefusesThePasswordIsAnAuthenticationFailure(RedisNodes nodes) {
        List<FaultProxy> proxies = new ArrayList<>();
        try {
            String[] uris = new String[3];
            for (int i = 0; i < 3; i++) {
                nodes.node(i).command("ACL", "SETUSER", "default", "on", "resetpass", ">right");
                proxies.add(FaultProxy.start(nodes.node(i)).dropGreetings(i == 1 ? 1 : 0));
                uris[i] = "redis://:wrong@127.0.0.1:" + proxies.get(i).port();
            }
            Throwable failure = catchThrowable(() -> Hasp.connect(uris));
            assertThat(failure).isInstanceOf(RedisAuthenticationException.class).hasMessageContaining("only 0 of 3");
            assertThat(failure.getMessage().split("\n")).filteredOn(line -> line.contains("WRONGPASS")).hasSize(3);
        } finally {
            proxies.forEach(FaultProxy::close);
        }
    }
}
