package dev.runwall.core.report;

import dev.runwall.core.event.ProcessRef;
import java.util.List;

/**
 * A process that called an endpoint, with the pids it ran as.
 *
 * @param parents the parent chain of the first pid seen, nearest first
 * @param exeSha256 the executable's SHA-256 when known
 */
public record ProcessSummary(String name, String exe, List<Integer> pids, List<ProcessRef> parents, String exeSha256) {
    public ProcessSummary {
        pids = pids == null ? List.of() : List.copyOf(pids);
        parents = parents == null ? List.of() : List.copyOf(parents);
    }

    public ProcessSummary(String name, String exe, List<Integer> pids) {
        this(name, exe, pids, List.of(), null);
    }
}
