/**
 * Starts and controls real {@code redis-server} processes on loopback ports for tests, demos and benchmarks.
 *
 * <p>No mocks and no containers: {@link io.hasp.testkit.RedisServer} runs the binary chosen by
 * {@link io.hasp.testkit.RedisBinary}, {@link io.hasp.testkit.RedisNodes} and {@link io.hasp.testkit.RedisCluster}
 * group servers, {@link io.hasp.testkit.FaultProxy} injects network faults in front of any of them, and
 * {@link io.hasp.testkit.RespClient} speaks raw RESP2 so this module depends on no Redis client library.
 * JUnit 5 support ({@link io.hasp.testkit.RedisServerExtension}, {@link io.hasp.testkit.RequiresRedis}) needs
 * {@code junit-jupiter-api} on the test class path; it is an optional dependency of this module.
 *
 * <p>Every failure is reported as an unchecked {@link io.hasp.testkit.TestkitException}.
 */
package io.hasp.testkit;
