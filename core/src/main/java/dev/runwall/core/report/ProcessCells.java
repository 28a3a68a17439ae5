package dev.runwall.core.report;

import dev.runwall.core.event.ProcessRef;
import java.util.ArrayList;
import java.util.List;

/** The Markdown text of the processes that called an endpoint, already escaped. */
final class ProcessCells {
    /** Parents shown per process; deeper chains end in an ellipsis (the JSON report has them all). */
    private static final int PARENTS_SHOWN = 4;

    private ProcessCells() {}

    /** {@code curl (/usr/bin/curl), wget (/usr/bin/wget)}. */
    static String names(EndpointSummary e) {
        if (e.processes().isEmpty()) {
            return "unknown process";
        }
        List<String> names = new ArrayList<>();
        for (ProcessSummary p : e.processes()) {
            names.add(name(p));
        }
        return String.join(", ", names);
    }

    /** {@code curl (/usr/bin/curl) ← bash ← Runner.Worker}: each process with its parent chain. */
    static String withParents(EndpointSummary e) {
        if (e.processes().isEmpty()) {
            return "unknown process";
        }
        List<String> cells = new ArrayList<>();
        for (ProcessSummary p : e.processes()) {
            StringBuilder sb = new StringBuilder(name(p));
            List<ProcessRef> parents = p.parents();
            for (int i = 0; i < Math.min(parents.size(), PARENTS_SHOWN); i++) {
                sb.append(" \u2190 ").append(Markdown.escape(parents.get(i).name()));
            }
            if (parents.size() > PARENTS_SHOWN) {
                sb.append(" \u2190 \u2026");
            }
            cells.add(sb.toString());
        }
        return String.join("<br>", cells);
    }

    private static String name(ProcessSummary p) {
        return Markdown.escape(p.name()) + (p.exe() == null ? "" : " (" + Markdown.escape(p.exe()) + ")");
    }
}
