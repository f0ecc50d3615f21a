package io.hasp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fallback when neither HASP_REDIS_SERVER nor a redis-server on the PATH exists: the jar's Redis 6.2. */
class EmbeddedRedisIT {

    @Test
    void extractsOnceAndTheBinaryRuns(@TempDir Path cache) throws Exception {
        Path binary = EmbeddedRedis.extract(cache);
        FileTime written = Files.getLastModifiedTime(binary);

        assertThat(binary).startsWith(cache).isExecutable();
        assertThat(EmbeddedRedis.extract(cache)).isEqualTo(binary);
        assertThat(Files.getLastModifiedTime(binary)).isEqualTo(written);
        try (Stream<Path> files = Files.list(binary.getParent())) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("redis-server"); // no .part left
        }

        try (RedisServer redis = RedisServer.builder().binary(binary).start()) {
            assertThat(redis.binary()).isEqualTo(binary);
            assertThat(redis.version()).startsWith("6.2.");
            assertThat(redis.command("SET", "k", "v")).isEqualTo("OK");
            assertThat(redis.command("GET", "k")).isEqualTo("v");
        }
    }

    @Test
    void concurrentExtractionsAgreeOnOneCompleteBinary(@TempDir Path cache) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> EmbeddedRedis.extract(cache)));
            }
            Path first = results.get(0).get();
            for (Future<Path> result : results) {
                assertThat(result.get()).isEqualTo(first);
            }
            assertThat(RedisBinary.version(first)).startsWith("6.2.");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void publicEmbeddedUsesTheConfiguredCacheFolder(@TempDir Path cache) {
        String previous = System.getProperty(RedisBinary.CACHE_PROPERTY);
        System.setProperty(RedisBinary.CACHE_PROPERTY, cache.toString());
        try {
            assertThat(RedisBinary.embedded()).startsWith(cache).isExecutable();
        } finally {
            if (previous == null) {
                System.clearProperty(RedisBinary.CACHE_PROPERTY);
            } else {
                System.setProperty(RedisBinary.CACHE_PROPERTY, previous);
            }
        }
    }

    @Test
    void clusterFormsOnRedis62WithoutAddSlotsRange(@TempDir Path cache) {
        Path binary = EmbeddedRedis.extract(cache);
        try (RedisCluster cluster = RedisCluster.start(3, builder -> builder.binary(binary))) {
            assertThat(cluster.node(0).version()).startsWith("6.2.");
            assertThat(cluster.isOk()).isTrue();
            assertThat(cluster.nodeForKey("k").command("SET", "k", "v")).isEqualTo("OK");
        }
    }
}
