package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hasp.LockOptions;
import org.junit.jupiter.api.Test;

class LuaScriptTest {

    @Test
    void thePreludeGoesAfterTheHeaderComment() {
        String loaded = LuaScript.withPrelude("-- header 1\n-- header 2\nreturn 1\n");
        assertThat(loaded).startsWith("-- header 1\n-- header 2\n-- Hasp prelude:").endsWith("\nreturn 1\n");
    }

    @Test
    void everyScriptThatIssuesFencesCarriesTheFencingRuleOnceFromThePrelude() {
        for (String name : new String[] {"acquire", "fair", "handoff", "rw-acquire", "semaphore-acquire"}) {
            LuaScript script = LuaScript.load(name);
            assertThat(script.body()).as(name).startsWith("-- Hasp ")
                    .containsOnlyOnce("local function nextFence(").containsOnlyOnce("local function wrongType(")
                    .containsOnlyOnce("replicate_commands()");
            assertThat(script.sha1()).as(name).hasSize(40);
        }
    }

    @Test
    void aScriptCarriesOnlyThePreludeDefinitionsItUsesAndWhatThoseCall() {
        String release = LuaScript.load("release").body();
        assertThat(release).contains("local function wakeFirstLive(").contains("local function publish(")
                .contains("local function nowMillis(").contains("local function nowMicros(")
                .contains("local function wrongType(")
                .doesNotContain("local function nextFence(").doesNotContain("local function readFence(")
                .doesNotContain("local function wakeQueueHead(");
        String acquire = LuaScript.load("acquire").body();
        assertThat(acquire).doesNotContain("local function wakeFirstLive(").doesNotContain("PUBLISH_COMMAND");
    }

    @Test
    void theDefinitionsGoWhereTheScriptMarksThemAndTheSettingsStillOpenTheCode() {
        String loaded = LuaScript.withPrelude("-- header\nlocal x = 1\n" + LuaScript.DEFINITIONS_HERE
                + "return nextFence(x)\n");
        assertThat(loaded).startsWith("-- header\n-- Hasp prelude:").doesNotContain(LuaScript.DEFINITIONS_HERE)
                .containsOnlyOnce("replicate_commands()").containsOnlyOnce("local function nextFence(");
        assertThat(loaded.indexOf("replicate_commands()")).isLessThan(loaded.indexOf("local x = 1"));
        assertThat(loaded.indexOf("local x = 1")).isLessThan(loaded.indexOf("local function nextFence("));
    }

    @Test
    void aReleaseThatFindsNobodyWaitingEndsBeforeThePreludeDefinitions() {
        String release = LuaScript.load("release").body();
        int firstDefinition = release.indexOf("local function ");
        assertThat(release.indexOf("redis.call('DEL', KEYS[1])")).isPositive().isLessThan(firstDefinition);
        assertThat(release.indexOf("return 1")).isLessThan(firstDefinition);
    }

    @Test
    void anAcquireOfAFreeLockAndAnExtendOfOurOwnEndBeforeThePreludeDefinitions() {
        String acquire = LuaScript.load("acquire").body();
        assertThat(acquire.indexOf("return now\n")).isPositive().isLessThan(acquire.indexOf("\nlocal function "));
        String extend = LuaScript.load("extend").body();
        assertThat(extend.indexOf("return 1\n")).isPositive().isLessThan(extend.indexOf("\nlocal function "));
    }

    @Test
    void theFairLocksUncontendedAttemptAndReleaseEndBeforeThePreludeDefinitions() {
        String fair = LuaScript.load("fair").body();
        int firstDefinition = fair.indexOf("local function ");
        assertThat(fair.indexOf("          return now\n")).isPositive().isLessThan(firstDefinition);
        assertThat(fair.indexOf("    redis.call('DEL', lockKey)\n    return 1\n")).isPositive()
                .isLessThan(firstDefinition);
    }

    @Test
    void whatTheFairScriptWritesInsteadOfTakingAsArgumentsMatchesTheJavaSide() {
        String fair = LuaScript.load("fair").body();
        LockKeys keys = LockKeys.of("ns:", "name");
        assertThat(fair).contains("local prefix = '" + Tokens.PREFIX + "'")
                .contains("member, fenceTtl = ARGV[2] or '', '" + SingleNodeBackend.fenceTtl(0) + "'")
                .contains("publish(lockKey .. ':wake', 'r')");
        assertThat(keys.channel()).isEqualTo(keys.lockKey() + ":wake");
    }

    @Test
    void whatTheLocksScriptsWriteInsteadOfTakingAsArgumentsMatchesTheJavaSide() {
        String acquire = LuaScript.load("acquire").body();
        LockKeys keys = LockKeys.of("ns:", "name");
        assertThat(acquire)
                .contains("local fenceKey, registry = KEYS[2] or lockKey .. ':fence', KEYS[3] or lockKey .. ':waiters'")
                .contains("local prefix = '" + Tokens.PREFIX + "'")
                .contains("'PX', '" + SingleNodeBackend.fenceTtl(0) + "'")
                .contains("math.max(" + SingleNodeBackend.fenceTtl(0) + ", 2 * tonumber(lease))")
                .contains("local lease = ARGV[2] or '" + SingleNodeBackend.SCRIPT_LEASE_MILLIS + "'");
        // The lease a single try sends no argument for is the default options' (the bench's, and most callers').
        assertThat(LockOptions.defaults().leaseTime().toMillis()).isEqualTo(SingleNodeBackend.SCRIPT_LEASE_MILLIS);
        // The common case takes leases of at most six digits, whose fence counter outlives them by the least time.
        assertThat(acquire).contains("#lease <= 6 then");
        assertThat(SingleNodeBackend.fenceTtl(999_999)).isEqualTo(SingleNodeBackend.fenceTtl(0));
        assertThat(keys.fenceKey()).isEqualTo(keys.lockKey() + ":fence");
        assertThat(LuaScript.load("release").body()).contains("local registry = KEYS[2] or KEYS[1] .. ':waiters'");
        assertThat(keys.waitersKey()).isEqualTo(keys.lockKey() + ":waiters");
    }

    @Test
    void aDefinitionNamedOnlyInACommentIsLeftOut() {
        String loaded = LuaScript.withPrelude("-- header\nlocal x = 1 -- nextFence(x) is not called\nreturn x\n");
        assertThat(loaded).doesNotContain("local function nextFence(").contains("replicate_commands()");
    }

    @Test
    void aScriptThatPublishesGetsItsShardedVariantAndOneThatDoesNotKeepsOneTextOnRedis7() {
        LuaScript release = LuaScript.load("release");
        assertThat(release.on(LuaScript.Variant.SHARDED).body()).contains("local PUBLISH_COMMAND = 'SPUBLISH'");
        assertThat(release.on(LuaScript.Variant.SHARDED).sha1())
                .isNotEqualTo(release.on(LuaScript.Variant.EFFECTS_REPLICATED).sha1());
        LuaScript acquire = LuaScript.load("acquire");
        assertThat(acquire.on(LuaScript.Variant.SHARDED).body())
                .isEqualTo(acquire.on(LuaScript.Variant.EFFECTS_REPLICATED).body());
    }

    @Test
    void onlyTheTextForAnyServerAsksForEffectsReplication() {
        LuaScript release = LuaScript.load("release");
        assertThat(release.on(LuaScript.Variant.ANY_SERVER)).isSameAs(release);
        assertThat(release.body()).containsOnlyOnce("redis.replicate_commands()");
        String effects = release.body()
                .replace("if redis.replicate_commands then redis.replicate_commands() end\n", "");
        assertThat(release.on(LuaScript.Variant.EFFECTS_REPLICATED).body()).isEqualTo(effects);
        assertThat(release.on(LuaScript.Variant.SHARDED).body()).isEqualTo(effects.replace(
                "local PUBLISH_COMMAND = 'PUBLISH'", "local PUBLISH_COMMAND = 'SPUBLISH'"));
        for (LuaScript.Variant variant : new LuaScript.Variant[] {LuaScript.Variant.EFFECTS_REPLICATED,
                LuaScript.Variant.SHARDED}) {
            LuaScript text = release.on(variant);
            assertThat(text.body()).as(variant.name()).doesNotContain("replicate_commands");
            assertThat(text.sha1()).as(variant.name()).isNotEqualTo(release.sha1()).hasSize(40);
            assertThat(text.on(variant)).isSameAs(text);
        }
    }

    @Test
    void thePreludesTokenShapeMatchesTheTokensTheJavaSideWrites() {
        String inspect = LuaScript.load("semaphore-inspect").body();
        assertThat(inspect).contains("'^" + Tokens.PREFIX + "%x+$'").contains("'^w:[%x%-]+$'");
        assertThat(Tokens.newToken()).matches(Tokens.PREFIX + "[0-9a-f]+");
    }
}
