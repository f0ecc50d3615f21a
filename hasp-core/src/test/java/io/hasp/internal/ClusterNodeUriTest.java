package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A cluster node's pub/sub URI: the node's address, everything else from the seed the user gave. */
class ClusterNodeUriTest {
    @Test
    void aNodeUriKeepsTheSeedsTlsVerificationAndCredentials() {
        RedisURI seed = RedisURI.create("rediss://app:s3cret-77@10.0.0.1:7000");
        seed.setVerifyPeer(SslVerifyMode.CA);
        RedisURI topologyNode = RedisURI.create("redis://10.0.0.2:7001");

        RedisURI node = ClusterConnector.nodeUri(seed, topologyNode, Duration.ofSeconds(3));

        assertThat(node.getHost()).isEqualTo("10.0.0.2");
        assertThat(node.getPort()).isEqualTo(7001);
        assertThat(node.isSsl()).isTrue();
        assertThat(node.getVerifyMode()).isEqualTo(SslVerifyMode.CA);
        RedisCredentials credentials = node.getCredentialsProvider().resolveCredentials().block();
        assertThat(credentials.getUsername()).isEqualTo("app");
        assertThat(credentials.getPassword()).isEqualTo("s3cret-77".toCharArray());
        assertThat(node.getTimeout()).isEqualTo(Duration.ofSeconds(3));
    }
}
