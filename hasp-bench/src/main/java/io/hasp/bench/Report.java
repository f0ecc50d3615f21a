package io.hasp.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run found: the environment, one table per scenario, the targets checked against them. Immutable
 * once built.
 */
record Report(Environment environment, Map<String, ScenarioResult> results, List<Target> targets) {

    /** Every row's problems (failed cycles, broken mutual exclusion), prefixed with scenario and implementation. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (ScenarioResult result : results.values()) {
            if (result.failure() != null) {
                problems.add(result.id() + ": did not finish: " + result.failure());
            }
            result.rows().forEach(row -> row.problems()
                    .forEach(p -> problems.add(result.id() + " " + row.id() + ": " + p)));
        }
        return problems;
    }

    /** The report as plain maps and lists, for {@link Json}. */
    Map<String, Object> toJsonTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("environment", environment.facts());
        List<Object> scenarios = new ArrayList<>();
        for (ScenarioResult result : results.values()) {
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("id", result.id());
            scenario.put("title", result.title());
            scenario.put("headline", result.headlineKey());
            scenario.put("reference", result.referenceId());
            List<Object> rows = new ArrayList<>();
            for (Row row : result.rows()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("impl", row.id());
                json.put("label", row.label());
                json.put("metrics", row.values());
                json.put("repetitions", row.repetitions());
                json.put("problems", row.problems());
                rows.add(json);
            }
            scenario.put("rows", rows);
            scenario.put("notes", result.notes());
            scenarios.add(scenario);
        }
        root.put("scenarios", scenarios);
        List<Object> checked = new ArrayList<>();
        for (Target target : targets) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("issues", target.issues());
            json.put("target", target.text());
            json.put("status", target.status().name());
            json.put("detail", target.detail());
            checked.add(json);
        }
        root.put("targets", checked);
        root.put("problems", problems());
        return root;
    }
}
