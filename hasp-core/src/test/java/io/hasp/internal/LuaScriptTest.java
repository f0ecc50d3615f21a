package io.hasp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LuaScriptTest {

    @Test
    void thePreludeGoesAfterTheHeaderComment() {
        String loaded = LuaScript.withPrelude("-- header 1\n-- header 2\nreturn 1\n");
        assertThat(loaded).startsWith("-- header 1\n-- header 2\n-- Hasp prelude:").endsWith("\nreturn 1\n");
    }

    @Test
    void everyScriptCarriesTheFencingRuleOnceFromThePrelude() {
        for (String name : new String[] {"acquire", "fair", "handoff", "fence-raise", "inspect", "release"}) {
            LuaScript script = LuaScript.load(name);
            assertThat(script.body()).as(name).startsWith("-- Hasp ")
                    .containsOnlyOnce("local function nextFence(").containsOnlyOnce("local function wrongType(");
            assertThat(script.sha1()).as(name).hasSize(40);
        }
    }
}
