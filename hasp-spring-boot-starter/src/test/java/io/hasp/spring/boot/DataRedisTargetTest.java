package io.hasp.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;

/**
 * What spring.data.redis turns into for Hasp where no test Redis can show it: TLS (the testkit runs no TLS server)
 * and a password without a user. The other shapes are checked against a real Redis in {@link StarterIT}.
 */
class DataRedisTargetTest {

    @Test
    void sslEnabledGivesATlsUriWithTheJvmTrustStore() {
        RedisURI uri = DataRedisTarget.uri(details("redis.example", 6380, 2, null, "pw", SslBundle.systemDefault()),
                new DataRedisProperties());
        assertThat(uri.isSsl()).isTrue();
        assertThat(uri.isVerifyPeer()).isTrue();
        assertThat(uri.getHost()).isEqualTo("redis.example");
        assertThat(uri.getPort()).isEqualTo(6380);
        assertThat(uri.getDatabase()).isEqualTo(2);
        assertThat(credentials(uri).getUsername()).isNull();
        assertThat(credentials(uri).getPassword()).containsExactly('p', 'w');
    }

    @Test
    void aRedissUrlGivesTlsAsItDoesForBootsOwnClient() {
        DataRedisProperties properties = new DataRedisProperties();
        properties.setUrl("rediss://app:pw@redis.example:6380");
        RedisURI uri = DataRedisTarget.uri(details("redis.example", 6380, 0, "app", "pw", null), properties);
        assertThat(uri.isSsl()).isTrue();
        assertThat(credentials(uri).getUsername()).isEqualTo("app");
    }

    @Test
    void withoutSslOrPasswordTheUriIsPlain() {
        RedisURI uri = DataRedisTarget.uri(details("localhost", 6379, 0, null, null, null), null);
        assertThat(uri.isSsl()).isFalse();
        assertThat(credentials(uri).hasPassword()).isFalse();
    }

    @Test
    void printedUrisHideThePasswordOnly() {
        assertThat(RedactedUris.redact("redis://app:s3cret@host:6379/1")).isEqualTo("redis://app:***@host:6379/1");
        assertThat(RedactedUris.redact("rediss://s3cret@host:6379")).isEqualTo("rediss://:***@host:6379");
        assertThat(RedactedUris.redact("redis://host:6379/0?timeout=1s#x@y")).isEqualTo(
                "redis://host:6379/0?timeout=1s#x@y");
        assertThat(RedactedUris.redactIn("got 'redis://a:b@h:1'", List.of("redis://a:b@h:1")))
                .isEqualTo("got 'redis://a:***@h:1'");
    }

    private static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block();
    }

    private static DataRedisConnectionDetails details(String host, int port, int database, String username,
            String password, SslBundle ssl) {
        return new DataRedisConnectionDetails() {
            @Override
            public String getUsername() {
                return username;
            }

            @Override
            public String getPassword() {
                return password;
            }

            @Override
            public SslBundle getSslBundle() {
                return ssl;
            }

            @Override
            public Standalone getStandalone() {
                return Standalone.of(host, port, database);
            }
        };
    }
}
