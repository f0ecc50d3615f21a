package io.hasp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a reader needs to judge the numbers: the machine, the JVM, the Redis, the versions. Immutable. */
record Environment(Map<String, String> facts) {

    static Environment describe(String redisVersion, String redisWhere, RunSettings settings) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        facts.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("loadAverage", loadAverage());
        facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        facts.put("redis", redisVersion + " (" + redisWhere + ")");
        facts.put("hasp", Versions.hasp());
        facts.put("redisson", Versions.redisson());
        facts.put("springIntegration", Versions.springIntegration());
        facts.put("lettuce", Versions.lettuce());
        facts.put("warmup", settings.warmup().toMillis() + " ms");
        facts.put("window", settings.window().toMillis() + " ms");
        facts.put("repetitions", Integer.toString(settings.repetitions()));
        facts.put("slice", settings.interleaved() ? settings.slice().toMillis() + " ms (S1, S2, P1 in turns)" : "off");
        facts.put("leaseTime", LockImpl.LEASE_TIME.toSeconds() + " s");
        return new Environment(java.util.Collections.unmodifiableMap(facts));
    }

    /** The 1, 5 and 15 minute load averages (Linux), so a reader can tell a busy machine; "?" elsewhere. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
