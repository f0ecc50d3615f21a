package io.hasp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A Lua script read once from a resource file, with its SHA-1 for EVALSHA. Immutable.
 *
 * <p>Every script gets the shared prelude ({@code prelude.lua}: the fencing rule and the foreign-data checks) inserted
 * after its header comment (its definitions where the script marks them, if it does: see {@link #withPrelude}), so
 * the text a server holds still opens with the script's own KEYS/ARGV/reply header, and the rules it relies on exist
 * once in the sources. Only the prelude's definitions the script uses are inserted
 * ({@link PreludeDefinitions}): Redis runs a script's whole body on every call, and each {@code local function} it
 * defines is a closure built anew each time, so unused ones cost every call CPU on the server for nothing.
 *
 * <p>Each script comes in three texts ({@link Variant}), which differ in prelude lines only: {@link #body()} runs on
 * any server; {@link #effectsOnly()} leaves out the prelude's {@code redis.replicate_commands()}, a no-op from Redis
 * 7.0 on that cost every run a call; {@link #sharded()} also sends its notices with {@code SPUBLISH} instead of
 * {@code PUBLISH} (for a Redis 7+ cluster, see {@link ScriptRunner}).
 */
record LuaScript(String name, String body, String sha1, byte[] sha1Bytes, LuaScript effectsOnly, LuaScript sharded) {
    private static final PreludeDefinitions PRELUDE = PreludeDefinitions.parse(read("prelude"));
    private static final String CLASSIC_PUBLISH = "local PUBLISH_COMMAND = 'PUBLISH'\n";
    private static final String SHARDED_PUBLISH = "local PUBLISH_COMMAND = 'SPUBLISH'\n";
    private static final String REPLICATE_EFFECTS = "if redis.replicate_commands then redis.replicate_commands() end\n";
    /** A script's line that says where the prelude definitions go, when not right after the header. */
    static final String DEFINITIONS_HERE = "-- (prelude definitions)\n";

    static LuaScript load(String name) {
        String body = withPrelude(read(name));
        String effectsBody = body.replace(REPLICATE_EFFECTS, "");
        if (effectsBody.equals(body)) {
            throw new IllegalStateException("the prelude must open with " + REPLICATE_EFFECTS.trim());
        }
        String shardedBody = effectsBody.replace(CLASSIC_PUBLISH, SHARDED_PUBLISH);
        if (shardedBody.equals(effectsBody) && body.contains("local function publish(")) {
            throw new IllegalStateException("the prelude must declare " + CLASSIC_PUBLISH.trim());
        }
        return of(name, body, text(name, effectsBody), text(name, shardedBody));
    }

    /** One variant's text: a script with no variants of its own. */
    private static LuaScript text(String name, String body) {
        return of(name, body, null, null);
    }

    /**
     * {@code sha1Bytes} is the digest's hex digits as bytes, made once per script and shared (never to be written): an
     * EVALSHA sends them as they are ({@link ScriptRunner}). A component, read per command, rather than a look-up by
     * digest in a shared map, which an acquire's profile showed on the caller's thread (a cold table on a thread that
     * parks twice per cycle).
     */
    private static LuaScript of(String name, String body, LuaScript effectsOnly, LuaScript sharded) {
        String sha1 = sha1Hex(body);
        return new LuaScript(name, body, sha1, sha1.getBytes(StandardCharsets.US_ASCII), effectsOnly, sharded);
    }

    /** This script's text for {@code variant} (a variant's own text has none but itself). */
    LuaScript on(Variant variant) {
        LuaScript text = switch (variant) {
            case ANY_SERVER -> this;
            case EFFECTS_REPLICATED -> effectsOnly;
            case SHARDED -> sharded;
        };
        return text == null ? this : text;
    }

    /** Which text of each script a connection runs ({@link ServerFeatures#scriptVariant()}). */
    enum Variant {
        /**
         * Any server: the scripts ask for effects replication, which Redis before 7.0 may have turned off
         * ({@code lua-replicate-commands no}), where a script's {@code TIME} before a write would fail.
         */
        ANY_SERVER,
        /** Redis 7.0+, which replicates every script by its effects: no {@code redis.replicate_commands()}. */
        EFFECTS_REPLICATED,
        /** A Redis 7.0+ cluster with sharded pub/sub: as {@link #EFFECTS_REPLICATED}, notices by {@code SPUBLISH}. */
        SHARDED
    }

    /**
     * The script's leading comment lines, then the prelude definitions the rest uses, then that rest. A script whose
     * common case needs no prelude definition may mark with a {@link #DEFINITIONS_HERE} line where they go: a run
     * that ends above it builds none of them (the prelude's settings still open the code).
     */
    static String withPrelude(String script) {
        int codeStart = 0;
        while (codeStart < script.length() && script.startsWith("--", codeStart)) {
            int lineEnd = script.indexOf('\n', codeStart);
            codeStart = lineEnd < 0 ? script.length() : lineEnd + 1;
        }
        String code = script.substring(codeStart);
        int marker = code.indexOf(DEFINITIONS_HERE);
        if (marker < 0) {
            return script.substring(0, codeStart) + PRELUDE.usedBy(code) + code;
        }
        return script.substring(0, codeStart) + PRELUDE.settings() + code.substring(0, marker)
                + PRELUDE.definitionsUsedBy(code) + code.substring(marker + DEFINITIONS_HERE.length());
    }

    private static String read(String name) {
        String resource = "scripts/" + name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource io/hasp/internal/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + resource, e);
        }
    }

    private static String sha1Hex(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JVM", e);
        }
    }
}
