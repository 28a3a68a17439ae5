package dev.runwall.core.report;

import dev.runwall.core.event.AgentEvent;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.StepEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Report} from the event log alone, so a report can be rebuilt from {@code events.jsonl}
 * after a crash.
 */
public final class ReportBuilder {
    private ReportBuilder() {}

    /**
     * @param log every event of the run, in log order
     * @param jobName a label for the job, may be null
     */
    public static Report build(List<Event> log, String jobName) {
        Instant started = null;
        Instant ended = null;
        String mode = "audit";
        String allowed = "";
        Map<String, Long> counters = new java.util.HashMap<>();
        Map<String, StepInfo> steps = new LinkedHashMap<>();
        List<Event> traffic = new ArrayList<>();
        for (Event e : log) {
            switch (e) {
                case AgentEvent a when AgentEvent.STARTED.equals(a.action()) -> {
                    started = started == null ? a.time() : started;
                    mode = a.mode() == null ? mode : a.mode();
                    allowed = a.allowedEndpoints() == null ? allowed : a.allowedEndpoints();
                }
                case AgentEvent a when AgentEvent.STOPPED.equals(a.action()) -> {
                    ended = a.time();
                    a.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
                }
                case AgentEvent a when AgentEvent.COUNTERS.equals(a.action()) ->
                        a.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
                case AgentEvent a -> {}
                case StepEvent s -> steps.merge(s.step(), toStep(s), ReportBuilder::mergeStep);
                case DnsEvent d -> traffic.add(d);
                case ConnectionEvent c -> traffic.add(c);
            }
        }
        if (started == null && !log.isEmpty()) {
            started = log.getFirst().time();
        }
        if (ended == null && !log.isEmpty()) {
            ended = log.getLast().time();
        }
        traffic.sort(java.util.Comparator.comparing(Event::time));
        traffic = ExecutableHashes.fill(traffic);
        List<String> stepOrder = new ArrayList<>(steps.keySet());
        List<EndpointSummary> endpoints = EndpointAggregator.aggregate(traffic, stepOrder);
        List<StepInfo> stepList = BackgroundCalls.attach(List.copyOf(steps.values()), traffic);
        JobInfo job = new JobInfo(jobName, mode, allowed, started, ended);
        return new Report(Report.SCHEMA_VERSION, job, stepList, traffic, endpoints, loss(traffic, counters));
    }

    private static LossInfo loss(List<Event> traffic, Map<String, Long> counters) {
        long unattributed = 0;
        long processUnknown = 0;
        long unexplained = 0;
        for (Event e : traffic) {
            switch (e) {
                case DnsEvent d -> {
                    unattributed += d.step() == null ? 1 : 0;
                    processUnknown += d.process() == null ? 1 : 0;
                }
                case ConnectionEvent c -> {
                    unattributed += c.step() == null ? 1 : 0;
                    processUnknown += c.process() == null ? 1 : 0;
                    unexplained += c.unexplained() != null ? 1 : 0;
                }
                default -> {}
            }
        }
        return new LossInfo(
                unattributed,
                counters.getOrDefault("dnsDropped", 0L),
                counters.getOrDefault("nflogLost", 0L),
                counters.getOrDefault("auditLost", 0L),
                processUnknown,
                unexplained);
    }

    private static StepInfo toStep(StepEvent s) {
        return s.phase() == StepEvent.Phase.STARTED
                ? new StepInfo(s.step(), s.name(), s.time(), null, null)
                : new StepInfo(s.step(), s.name(), null, s.time(), s.exitCode());
    }

    private static StepInfo mergeStep(StepInfo a, StepInfo b) {
        return new StepInfo(
                a.id(),
                a.name() != null ? a.name() : b.name(),
                a.startedAt() != null ? a.startedAt() : b.startedAt(),
                b.endedAt() != null ? b.endedAt() : a.endedAt(),
                b.exitCode() != null ? b.exitCode() : a.exitCode());
    }
}
