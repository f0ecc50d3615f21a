package io.hasp.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce client a Hasp client connects through: the user's own, which Hasp leaves as it is and never shuts down,
 * or one Hasp creates for itself, with its own resources ({@link ReconnectPolicy}) and the options of
 * {@link LettuceConnections#configure}, which closing the Hasp client shuts down.
 *
 * @param redis the client to connect with
 * @param ownedResources the resources Hasp created with the client, or {@code null} for the user's client
 */
record LettuceClient(RedisClient redis, ClientResources ownedResources) {

    /** The user's client from {@code settings}, or a new one of Hasp's own. */
    static LettuceClient forSettings(ClientSettings settings) {
        if (settings.redisClient() != null) {
            return new LettuceClient(settings.redisClient(), null);
        }
        ClientResources resources = ReconnectPolicy.ownResources();
        RedisClient client = RedisClient.create(resources);
        client.setOptions(LettuceConnections.configure(ClientOptions.builder(), settings).build());
        return new LettuceClient(client, resources);
    }

    /** Shuts the client and its resources down if Hasp created them; the user's client keeps running. */
    CompletableFuture<Void> shutdownIfOwned() {
        if (ownedResources == null) {
            return CompletableFuture.completedFuture(null);
        }
        return redis.shutdownAsync(0, 2, TimeUnit.SECONDS).thenCompose(v -> ReconnectPolicy.shutdown(ownedResources));
    }
}
