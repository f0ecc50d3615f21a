package io.hasp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared Lua prelude cut into its definitions, so that each script carries only the ones it uses. Immutable.
 *
 * <p>The prelude is a sequence of blocks separated by blank lines. A block defines the top-level locals its unindented
 * lines name ({@code local function name(} or {@code local name}); a block that defines none (the prelude's opening
 * settings) goes into every script. A defining block goes in if the script's code, or the code of a block already in,
 * names one of its locals as a whole word (comments are not code). Blocks keep their order, so a definition still
 * comes after the ones it calls. Including a block that is not needed is harmless; leaving out one that is would
 * fail the script on its first call, which every script's tests would show.
 */
final class PreludeDefinitions {
    private static final Pattern DEFINED = Pattern.compile("^local (?:function )?([A-Za-z_][A-Za-z0-9_]*)",
            Pattern.MULTILINE);
    private static final Pattern COMMENT = Pattern.compile("--[^\n]*");

    private final List<Block> blocks;

    private PreludeDefinitions(List<Block> blocks) {
        this.blocks = blocks;
    }

    static PreludeDefinitions parse(String prelude) {
        List<Block> blocks = new ArrayList<>();
        for (String text : prelude.strip().split("\n\\s*\n")) {
            List<Pattern> names = new ArrayList<>();
            Matcher defined = DEFINED.matcher(text);
            while (defined.find()) {
                names.add(Pattern.compile("\\b" + defined.group(1) + "\\b"));
            }
            blocks.add(new Block(text + "\n\n", COMMENT.matcher(text).replaceAll(""), names));
        }
        return new PreludeDefinitions(List.copyOf(blocks));
    }

    /** The prelude text {@code script} needs: its blocks in prelude order, those it does not use left out. */
    String usedBy(String script) {
        return settings() + definitionsUsedBy(script);
    }

    /** The blocks that define nothing (the prelude's opening settings), which every script carries. */
    String settings() {
        StringBuilder text = new StringBuilder();
        for (Block block : blocks) {
            if (block.names().isEmpty()) {
                text.append(block.text());
            }
        }
        return text.toString();
    }

    /** The defining blocks {@code script} needs, in prelude order, without the settings. */
    String definitionsUsedBy(String script) {
        boolean[] used = new boolean[blocks.size()];
        List<String> code = new ArrayList<>(List.of(COMMENT.matcher(script).replaceAll("")));
        boolean added = true;
        while (added) {
            added = false;
            for (int i = 0; i < blocks.size(); i++) {
                if (!used[i] && blocks.get(i).usedBy(code)) {
                    used[i] = true;
                    code.add(blocks.get(i).code());
                    added = true;
                }
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            if (used[i] && !blocks.get(i).names().isEmpty()) {
                text.append(blocks.get(i).text());
            }
        }
        return text.toString();
    }

    /** One block: its text, its code without comments, and the locals it defines (as whole-word patterns). */
    private record Block(String text, String code, List<Pattern> names) {
        boolean usedBy(List<String> code) {
            if (names.isEmpty()) {
                return true;
            }
            for (Pattern name : names) {
                for (String part : code) {
                    if (name.matcher(part).find()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
