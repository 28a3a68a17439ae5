package dev.runwall.core.report;

import dev.runwall.core.event.Event;
import java.util.List;

/**
 * The report of one job run ({@code report.json}). Schema documented in docs/REPORT.md; bump
 * {@link #SCHEMA_VERSION} on incompatible changes.
 *
 * @param events the DNS and connection events, in time order
 */
public record Report(
        int schemaVersion,
        JobInfo job,
        List<StepInfo> steps,
        List<Event> events,
        List<EndpointSummary> endpoints,
        LossInfo loss) {
    public static final int SCHEMA_VERSION = 1;

    public Report {
        steps = List.copyOf(steps);
        events = List.copyOf(events);
        endpoints = List.copyOf(endpoints);
    }

    /** Whether anything was blocked. */
    public boolean anyBlocked() {
        return endpoints.stream().anyMatch(e -> e.verdict() == dev.runwall.core.event.Verdict.BLOCKED);
    }
}
