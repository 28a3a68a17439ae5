package dev.runwall.core.policy;

import java.util.List;

/**
 * One endpoint of a merged policy and where it came from.
 *
 * @param endpoint {@code host:port} as it goes into allowed-endpoints
 * @param runsSeen in how many of the merged runs it was called
 * @param steps the names of the steps that called it, in any run
 */
public record PolicyEntry(String endpoint, int runsSeen, List<String> steps) {
    public PolicyEntry {
        steps = List.copyOf(steps);
    }
}
