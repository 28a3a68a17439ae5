package dev.runwall.core.report;

import java.util.List;

/**
 * How a run compares with what its job normally calls.
 *
 * @param runs how many baseline reports were compared against
 * @param newEndpoints endpoints of this run never seen in any baseline run, with their steps and processes
 */
public record BaselineComparison(int runs, List<EndpointSummary> newEndpoints) {
    public BaselineComparison {
        newEndpoints = newEndpoints == null ? List.of() : List.copyOf(newEndpoints);
    }

    public boolean anyNew() {
        return !newEndpoints.isEmpty();
    }
}
