package dev.runwall.core.report;

import java.util.List;

/** A process that called an endpoint, with the pids it ran as. */
public record ProcessSummary(String name, String exe, List<Integer> pids) {
    public ProcessSummary {
        pids = List.copyOf(pids);
    }
}
