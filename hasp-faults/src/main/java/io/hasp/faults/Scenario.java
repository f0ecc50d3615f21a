package io.hasp.faults;

import io.hasp.faults.nemesis.DeploymentSpec;
import java.time.Duration;
import java.util.List;

/**
 * One fault scenario: a deployment, then rounds of nemeses (each alone, then mixed) until its time budget is spent.
 * Immutable.
 *
 * @param name the scenario's name in reports, e.g. {@code single-aof}
 * @param spec what to deploy
 * @param solo nemesis kinds run one after another, alone, in each round
 * @param mixed nemesis kinds run overlapping each other after the solo part of each round (may be empty)
 * @param mixedLength how long the mixed part of a round lasts
 * @param gap the quiet time before each solo fault and before the mixed part
 * @param budget keep running rounds until this much time has passed (at least one round runs)
 */
public record Scenario(String name, DeploymentSpec spec, List<String> solo, List<String> mixed, Duration mixedLength,
        Duration gap, Duration budget) {

    public Scenario {
        solo = List.copyOf(solo);
        mixed = List.copyOf(mixed);
    }

    /** The same scenario with another time budget. */
    public Scenario withBudget(Duration newBudget) {
        return new Scenario(name, spec, solo, mixed, mixedLength, gap, newBudget);
    }
}
