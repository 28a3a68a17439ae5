package dev.runwall.core.report;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders a report as the Markdown of a GitHub job summary: per step, the endpoints and the processes that
 * called them (with their parent chains), blocked ones first and marked; background processes of each
 * step; endpoints new since the baseline; the loss counters. All untrusted text goes through
 * {@link Markdown#escape}.
 */
public final class MarkdownSummary {
    private MarkdownSummary() {}

    public static String render(Report report) {
        StringBuilder md = new StringBuilder();
        long blocked = report.endpoints().stream().filter(e -> e.verdict() == Verdict.BLOCKED).count();
        md.append("## Runwall egress report");
        if (report.job().name() != null) {
            md.append(": ").append(Markdown.escape(report.job().name()));
        }
        md.append("\n\n");
        md.append("**Egress policy:** ").append(Markdown.escape(report.job().egressPolicy()))
                .append(" | **Endpoints:** ").append(report.endpoints().size())
                .append(" | **Blocked:** ").append(blocked)
                .append(" | **Steps:** ").append(report.steps().size());
        if (report.baseline() != null) {
            md.append(" | **New since baseline:** ").append(report.baseline().newEndpoints().size());
        }
        md.append("\n\n");
        if (blocked > 0) {
            md.append("> [!CAUTION]\n");
            for (EndpointSummary e : report.endpoints()) {
                if (e.verdict() == Verdict.BLOCKED) {
                    md.append("> Blocked ").append(Markdown.escape(e.label()))
                            .append(" in ").append(Markdown.escape(stepNames(report, e.steps())))
                            .append(" (").append(ProcessCells.names(e)).append(")\n");
                }
            }
            md.append('\n');
        }
        appendBaseline(md, report);
        for (StepInfo step : report.steps()) {
            appendStep(md, report, step.id(), stepHeading(step));
            appendBackground(md, step);
        }
        appendStep(md, report, null, "Not attributed to a step");
        appendLoss(md, report.loss());
        return md.toString();
    }

    private static String stepHeading(StepInfo step) {
        String exit = step.exitCode() == null ? "" : " (exit " + step.exitCode() + ")";
        return "Step: " + Markdown.escape(step.name() == null ? step.id() : step.name()) + exit;
    }

    private static void appendBaseline(StringBuilder md, Report report) {
        BaselineComparison b = report.baseline();
        if (b == null) {
            return;
        }
        String runs = b.runs() + " baseline run" + (b.runs() == 1 ? "" : "s");
        if (!b.anyNew()) {
            md.append("No endpoint outside the ").append(runs).append(".\n\n");
            return;
        }
        md.append("> [!WARNING]\n> ").append(b.newEndpoints().size()).append(" endpoint")
                .append(b.newEndpoints().size() == 1 ? "" : "s").append(" never seen in the ").append(runs).append(":\n");
        for (EndpointSummary e : b.newEndpoints()) {
            md.append("> - **").append(Markdown.escape(e.label())).append("** in ")
                    .append(Markdown.escape(stepNames(report, e.steps())))
                    .append(" (").append(ProcessCells.names(e)).append(")\n");
        }
        md.append('\n');
    }

    private static void appendStep(StringBuilder md, Report report, String stepId, String heading) {
        List<Event> events = new ArrayList<>();
        for (Event e : report.events()) {
            String s = e instanceof DnsEvent d ? d.step() : e instanceof ConnectionEvent c ? c.step() : null;
            if (Objects.equals(s, stepId)) {
                events.add(e);
            }
        }
        if (stepId == null && events.isEmpty()) {
            return;
        }
        md.append("### ").append(heading).append("\n\n");
        if (events.isEmpty()) {
            md.append("No outbound calls.\n\n");
            return;
        }
        md.append("| Verdict | Endpoint | Addresses | Processes |\n|---|---|---|---|\n");
        for (EndpointSummary e : EndpointAggregator.aggregate(events, List.of())) {
            md.append("| ").append(verdictCell(e.verdict()))
                    .append(" | ").append(Markdown.escape(e.label()))
                    .append(e.protocol() == null ? "" : " " + Markdown.escape(e.protocol()))
                    .append(" | ").append(Markdown.escape(String.join(", ", e.ips())))
                    .append(" | ").append(ProcessCells.withParents(e))
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void appendBackground(StringBuilder md, StepInfo step) {
        if (step.background().isEmpty()) {
            return;
        }
        md.append("Background processes of this step that called out after it ended:\n\n");
        for (BackgroundProcess p : step.background()) {
            md.append("- pid ").append(p.pid()).append(' ').append(Markdown.escape(p.name()))
                    .append(p.exe() == null ? "" : " (" + Markdown.escape(p.exe()) + ")")
                    .append(": ").append(Markdown.escape(String.join(", ", p.endpoints()))).append('\n');
        }
        md.append('\n');
    }

    private static String verdictCell(Verdict v) {
        return switch (v) {
            case BLOCKED -> "\u26D4 **blocked**";
            case ALLOWED -> "\u2705 allowed";
            case AUDITED -> "\uD83D\uDD0D audited";
        };
    }

    private static String stepNames(Report report, List<String> ids) {
        if (ids.isEmpty()) {
            return "no known step";
        }
        List<String> names = new ArrayList<>();
        for (String id : ids) {
            names.add(report.steps().stream().filter(s -> s.id().equals(id)).map(StepInfo::name)
                    .filter(Objects::nonNull).findFirst().orElse(id));
        }
        return "step " + String.join(", ", names);
    }

    private static void appendLoss(StringBuilder md, LossInfo loss) {
        if (!loss.any()) {
            return;
        }
        md.append("### Loss\n\n")
                .append("| Unattributed events | Unknown process | Unexplained flows | DNS queries dropped "
                        + "| Flow log lost | Audit lost |\n|---|---|---|---|---|---|\n")
                .append("| ").append(loss.unattributed()).append(" | ").append(loss.processUnknown())
                .append(" | ").append(loss.unexplainedFlows()).append(" | ").append(loss.dnsDropped())
                .append(" | ").append(loss.nflogLost()).append(" | ").append(loss.auditLost()).append(" |\n\n");
    }
}
