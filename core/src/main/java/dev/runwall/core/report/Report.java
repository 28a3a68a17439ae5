package dev.runwall.core.report;

import dev.runwall.core.event.Event;
import java.util.List;

/**
 * The report of one job run ({@code report.json}). Schema documented in docs/REPORT.md; bump
 * {@link #SCHEMA_VERSION} on incompatible changes (added fields are compatible).
 *
 * @param events the DNS and connection events, in time order
 * @param baseline the comparison with earlier runs, or null when the run was not compared
 */
public record Report(
        int schemaVersion,
        JobInfo job,
        List<StepInfo> steps,
        List<Event> events,
        List<EndpointSummary> endpoints,
        LossInfo loss,
        BaselineComparison baseline) {
    public static final int SCHEMA_VERSION = 1;

    public Report {
        steps = steps == null ? List.of() : List.copyOf(steps);
        events = events == null ? List.of() : List.copyOf(events);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        loss = loss == null ? LossInfo.NONE : loss;
    }

    public Report(int schemaVersion, JobInfo job, List<StepInfo> steps, List<Event> events,
            List<EndpointSummary> endpoints, LossInfo loss) {
        this(schemaVersion, job, steps, events, endpoints, loss, null);
    }

    /** Whether anything was blocked. */
    public boolean anyBlocked() {
        return endpoints.stream().anyMatch(e -> e.verdict() == dev.runwall.core.event.Verdict.BLOCKED);
    }

    /** This report with a baseline comparison attached. */
    public Report withBaseline(BaselineComparison comparison) {
        return new Report(schemaVersion, job, steps, events, endpoints, loss, comparison);
    }
}
