package io.hasp.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line. Immutable once parsed; {@link #parse} throws {@link IllegalArgumentException} naming the flag
 * and the bad value.
 */
final class BenchOptions {
    /** Every scenario, in the order a run takes them. */
    static final List<String> ALL_SCENARIOS = List.of("S1", "S2", "C", "S3", "S4", "S3-1", "S4-1", "S5", "S6",
            "S7", "S3J", "P1", "P2", "P3", "PC", "S1C", "S3C");
    /**
     * What runs without {@code --scenarios}: all but S3J, whose 16 worker JVMs per repetition take longer to start
     * than the default suite's 10-minute budget allows on 2 cores, S7, whose cycles of a few hundred ms across
     * emulated regions want longer windows than the default, and S1C/S3C, which start a 6-node Redis Cluster. S3-1
     * and S4-1 (S3 and S4 with all waiters in one client) and the primitives' scenarios (P1-P3, PC) are chosen by
     * name too, so the default suite keeps its time budget.
     */
    static final List<String> DEFAULT_SCENARIOS = List.of("S1", "S2", "C", "S3", "S4", "S5", "S6");

    static final String USAGE = String.join("\n",
            "Usage: java -jar hasp-bench.jar [options]",
            "  --redis URI          use this Redis (redis://[:password@]host:port[/db]); default: start a",
            "                       redis-server through the testkit (S6 and S7 always start their own 5 nodes;",
            "                       S7 puts them behind proxies that delay them like zones and regions; S1C and",
            "                       S3C their own cluster)",
            "  --duration D         measured window per repetition, e.g. 3s, 500ms (default 3s; --quick 1s)",
            "  --warmup D           warm-up before every window (default half the window)",
            "  --reps N             repetitions of every scenario, interleaved across implementations; tables show",
            "                       their median (default 3)",
            "  --slice D|off        S1, S2 and P1 measure the implementations in turns of about D inside each",
            "                       repetition, one running at a time, and take each ratio to Hasp from the turns",
            "                       of one round (default 400ms); off: one whole window after the other",
            "  --scenarios LIST     comma-separated, from " + String.join(",", ALL_SCENARIOS),
            "                       (default all but S3J, the separate-JVM variant of S3, S7, S3-1 and",
            "                       S4-1, the one-client forms of S3 and S4, S1C/S3C, S1 and S3 on a 3+3",
            "                       Redis Cluster started here, and the primitives: P1 semaphore",
            "                       uncontended, P2 semaphore with 16 waiters, P3 read-write lock with 90%",
            "                       reads, PC their command census)",
            "  --impls LIST         comma-separated, from hasp,hasp-fair,redisson,spring,spring-pubsub,raw",
            "                       (default hasp,redisson,spring,raw)",
            "  --quick              short windows (1 s), for a first look",
            "  --json FILE          also write the report as JSON",
            "  --help               this text");

    private String redisUri;
    private Duration window = Duration.ofSeconds(3);
    private Duration warmup;
    private int repetitions = 3;
    private Duration slice = RunSettings.DEFAULT_SLICE;
    private Set<String> scenarios = new LinkedHashSet<>(DEFAULT_SCENARIOS);
    private List<String> impls = new ArrayList<>(Implementations.DEFAULT_IDS);
    private Path jsonFile;
    private boolean help;

    private BenchOptions() {
    }

    static BenchOptions parse(String... args) {
        BenchOptions options = new BenchOptions();
        boolean windowGiven = false;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help":
                case "-h":
                    options.help = true;
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--redis":
                    options.redisUri = value(args, ++i, flag);
                    RedisTarget.parse(options.redisUri);
                    break;
                case "--duration":
                    options.window = duration(value(args, ++i, flag), flag);
                    windowGiven = true;
                    break;
                case "--warmup":
                    options.warmup = duration(value(args, ++i, flag), flag);
                    break;
                case "--reps":
                    options.repetitions = count(value(args, ++i, flag), flag);
                    break;
                case "--slice":
                    String text = value(args, ++i, flag);
                    options.slice = "off".equalsIgnoreCase(text.trim()) ? null : duration(text, flag);
                    break;
                case "--scenarios":
                    options.scenarios = scenarios(value(args, ++i, flag));
                    break;
                case "--impls":
                    options.impls = impls(value(args, ++i, flag));
                    break;
                case "--json":
                    options.jsonFile = Path.of(value(args, ++i, flag));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        if (quick && !windowGiven) {
            options.window = Duration.ofSeconds(1);
        }
        if (options.warmup == null) {
            options.warmup = options.window.dividedBy(2);
        }
        return options;
    }

    private static String value(String[] args, int at, String flag) {
        if (at >= args.length || args[at].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[at];
    }

    /** {@code 4s}, {@code 500ms}, {@code 2m}, or a plain number of seconds. */
    static Duration duration(String text, String flag) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
            if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(flag + " must be between 1 ms and 1 h, got '" + text + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a duration like 4s or 500ms, got '" + text + "'", e);
        }
    }

    private static int count(String text, String flag) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1 || n > 100) {
                throw new IllegalArgumentException(flag + " must be between 1 and 100, got '" + text + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, got '" + text + "'", e);
        }
    }

    private static Set<String> scenarios(String text) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String id = part.trim().toUpperCase(Locale.ROOT);
            if (!ALL_SCENARIOS.contains(id)) {
                throw new IllegalArgumentException("--scenarios: unknown scenario '" + part.trim() + "', expected "
                        + "some of " + ALL_SCENARIOS);
            }
            chosen.add(id);
        }
        // Run in the canonical order whatever order was typed, so reports always read the same way.
        Set<String> ordered = new LinkedHashSet<>(ALL_SCENARIOS);
        ordered.retainAll(chosen);
        return ordered;
    }

    private static List<String> impls(String text) {
        List<String> chosen = new ArrayList<>();
        for (String part : text.split(",")) {
            String id = part.trim().toLowerCase(Locale.ROOT);
            if (!Implementations.KNOWN_IDS.contains(id)) {
                throw new IllegalArgumentException("--impls: unknown implementation '" + part.trim()
                        + "', expected some of " + Implementations.KNOWN_IDS);
            }
            if (!chosen.contains(id)) {
                chosen.add(id);
            }
        }
        return chosen;
    }

    /** The Redis to use, or null to start one. */
    String redisUri() {
        return redisUri;
    }

    RunSettings settings() {
        return new RunSettings(warmup, window, repetitions, slice);
    }

    Set<String> scenarios() {
        return scenarios;
    }

    List<String> impls() {
        return impls;
    }

    boolean selected(String family) {
        return impls.contains(family);
    }

    Path jsonFile() {
        return jsonFile;
    }

    boolean help() {
        return help;
    }
}
