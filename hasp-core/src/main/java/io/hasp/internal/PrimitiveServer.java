package io.hasp.internal;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * The one Redis that keeps semaphores and read-write locks.
 *
 * @param commands the shared command connection their scripts run on
 * @param backend the plain lock backend on it (a read-write lock's write side is a plain lock key)
 */
record PrimitiveServer(RedisClusterAsyncCommands<String, String> commands, SingleNodeBackend backend) {
}
