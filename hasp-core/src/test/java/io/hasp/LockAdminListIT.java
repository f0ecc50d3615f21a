package io.hasp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link LockAdmin#list(int)} names only locks that {@link Hasp#lock(String)} and {@link LockAdmin#inspect(String)}
 * accept and that map back to the key found; keys no name maps to are reported apart. Regression: keys written by
 * someone else with a newline or bytes that are not UTF-8 inside the braces were listed as names.
 */
class LockAdminListIT extends OneRedisPerClass {

    @Test
    void keysThatNoLockNameMapsToAreNotListedAsNamesButReportedApart() {
        hasp.lock("held").tryAcquire().orElseThrow();
        hasp.lock("caf\uFFFD").tryAcquire().orElseThrow(); // a valid name whose key holds U+FFFD as UTF-8
        redis.command("SET", "hasp:{line\nbreak}", "x");
        redis.command("SET", "hasp:{\u001b[31mred}", "x");
        redis.command("SET", "hasp:{ }", "x");
        redis.command("EVAL", "return redis.call('SET', 'hasp:{caf\\255}', 'x')", "0"); // 0xFF: not UTF-8

        assertThat(hasp.admin().list(100)).containsExactly("caf\uFFFD", "held");
        LockListing listing = hasp.admin().listing(100);
        assertThat(listing.names()).containsExactly("caf\uFFFD", "held");
        assertThat(listing.unmappedKeys()).containsExactlyInAnyOrder("hasp:{line\nbreak}", "hasp:{\u001b[31mred}",
                "hasp:{ }", "hasp:{caf\uFFFD}").isSorted();
        for (String name : listing.names()) {
            assertThat(hasp.admin().inspect(name)).hasValueSatisfying(info -> assertThat(info.held()).isTrue());
        }
    }

    @Test
    void theLimitHoldsForNamesAndUnmappedKeysAlike() {
        for (int i = 0; i < 5; i++) {
            hasp.lock("n" + i).tryAcquire().orElseThrow();
            redis.command("SET", "hasp:{bad\t" + i + "}", "x");
        }
        LockListing listing = hasp.admin().listing(3);
        assertThat(listing.names()).hasSize(3);
        assertThat(listing.unmappedKeys()).hasSizeLessThanOrEqualTo(3);
    }
}
