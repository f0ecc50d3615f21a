package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerFeaturesTest {

    private static ServerFeatures of(String version, String mode) {
        return ServerFeatures.fromInfo("# Server\r\nredis_version:" + version + "\r\nredis_mode:" + mode + "\r\n");
    }

    @Test
    void shardedPubSubNeedsACluster70OrNewer() {
        assertThat(of("7.0.0", "cluster").shardedPubSub()).isTrue();
        assertThat(of("8.4.0", "cluster").shardedPubSub()).isTrue();
        assertThat(of("6.2.14", "cluster").shardedPubSub()).isFalse();
        assertThat(of("7.0.15", "standalone").shardedPubSub()).isFalse();
        assertThat(of("7.2.4", "sentinel").shardedPubSub()).isFalse();
    }

    @Test
    void waitAofNeedsRedis72OrNewer() {
        assertThat(of("7.2.0", "standalone").waitAof()).isTrue();
        assertThat(of("8.0.2", "cluster").waitAof()).isTrue();
        assertThat(of("7.0.15", "standalone").waitAof()).isFalse();
        assertThat(of("6.2.14", "standalone").waitAof()).isFalse();
    }

    @Test
    void scriptsLeaveOutTheReplicationRequestFromRedis70OnAndPublishShardedOnSuchAClusterOnly() {
        assertThat(of("6.2.14", "standalone").scriptVariant()).isEqualTo(LuaScript.Variant.ANY_SERVER);
        assertThat(of("6.2.14", "cluster").scriptVariant()).isEqualTo(LuaScript.Variant.ANY_SERVER);
        assertThat(of("7.0.15", "standalone").scriptVariant()).isEqualTo(LuaScript.Variant.EFFECTS_REPLICATED);
        assertThat(of("8.4.0", "sentinel").scriptVariant()).isEqualTo(LuaScript.Variant.EFFECTS_REPLICATED);
        assertThat(of("7.0.0", "cluster").scriptVariant()).isEqualTo(LuaScript.Variant.SHARDED);
    }

    @Test
    void aClusterNodeOfAnyVersionIsToldSoTheScriptsAreHandedEveryKey() {
        assertThat(of("6.2.14", "cluster").cluster()).isTrue();
        assertThat(of("7.0.15", "cluster").cluster()).isTrue();
        assertThat(ServerFeatures.fromInfo("# Server\r\nredis_mode:cluster\r\n").cluster()).isTrue();
        assertThat(of("7.0.15", "standalone").cluster()).isFalse();
        assertThat(of("7.2.4", "sentinel").cluster()).isFalse();
    }

    @Test
    void anUnreadableVersionTurnsEveryFeatureOff() {
        ServerFeatures features = ServerFeatures.fromInfo("# Server\r\nredis_mode:cluster\r\n");
        assertThat(features.version()).isEqualTo("unknown");
        assertThat(features.shardedPubSub()).isFalse();
        assertThat(features.waitAof()).isFalse();
        assertThat(features.nativeCompareAndSet()).isFalse();
        assertThat(features.scriptVariant()).isEqualTo(LuaScript.Variant.ANY_SERVER);
    }
}
