package dev.runwall.cli;

import dev.runwall.core.event.ProcessRef;
import dev.runwall.core.json.JsonCodec;
import dev.runwall.core.report.BaselineComparison;
import dev.runwall.core.report.BaselineDiff;
import dev.runwall.core.report.EndpointSummary;
import dev.runwall.core.report.MarkdownSummary;
import dev.runwall.core.report.ProcessSummary;
import dev.runwall.core.report.Report;
import dev.runwall.core.report.StepInfo;
import dev.runwall.core.report.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runwall diff --baseline R1.json … NEW.json}: endpoints a run called that no baseline run did. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "List the endpoints of a run (with their steps and processes) that no baseline run called: a new "
                    + "endpoint is the usual sign of a compromised dependency or action.",
            "",
            "Baseline runs of the same job as NEW are used when there are any (else all of them). A name seen "
                    + "only in DNS in the baseline covers every port of it; a new port or a new address is new. "
                    + "Exit code 1 when something new was found, 0 when not.",
            "",
            "Example: runwall diff --baseline runs/ --baseline old/report.json runwall-report/report.json",
        })
public final class DiffCommand implements Callable<Integer> {
    enum Format { text, json, markdown }

    @Spec CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "REPORT", required = true, description = "A baseline report.json, or "
            + "a folder of report folders; repeat for more.")
    List<Path> baseline;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, json or markdown (the job summary with "
            + "the new endpoints flagged). Default: ${DEFAULT-VALUE}.")
    Format format = Format.text;

    @Parameters(index = "0", paramLabel = "NEW.json", description = "The report (or report folder) to check.")
    Path current;

    @Override
    public Integer call() throws IOException {
        Report now = ReportFiles.read(current);
        List<Report> runs = BaselineReports.sameJob(BaselineReports.load(baseline), now);
        BaselineComparison cmp = BaselineDiff.compare(runs, now);
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case json -> out.println(JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(cmp));
            case markdown -> out.print(MarkdownSummary.render(now.withBaseline(cmp)));
            case text -> printText(out, now, cmp);
        }
        out.flush();
        return cmp.anyNew() ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private void printText(PrintWriter out, Report now, BaselineComparison cmp) {
        String against = cmp.runs() + " baseline run" + (cmp.runs() == 1 ? "" : "s")
                + (now.job().name() == null ? "" : " (job '" + clean(now.job().name()) + "')");
        if (!cmp.anyNew()) {
            out.println("runwall diff: nothing new in " + current + " against " + against);
            return;
        }
        out.println("runwall diff: " + cmp.newEndpoints().size() + " endpoint" + (cmp.newEndpoints().size() == 1 ? "" : "s")
                + " in " + current + " never seen in " + against + ":");
        for (EndpointSummary e : cmp.newEndpoints()) {
            out.println("  " + clean(e.label()) + (e.protocol() == null ? " (dns)" : " " + clean(e.protocol()))
                    + " [" + e.verdict().label() + "]" + (e.ips().isEmpty() ? "" : " " + String.join(", ", e.ips())));
            out.println("    steps: " + (e.steps().isEmpty() ? "none (unattributed)" : stepNames(now, e.steps())));
            for (ProcessSummary p : e.processes()) {
                out.println("    process: " + clean(p.name()) + " (" + clean(String.valueOf(p.exe())) + ") pids "
                        + p.pids() + parents(p.parents()));
            }
        }
    }

    private static String stepNames(Report r, List<String> ids) {
        List<String> names = new ArrayList<>();
        for (String id : ids) {
            names.add(clean(r.steps().stream().filter(s -> s.id().equals(id)).map(StepInfo::name)
                    .filter(n -> n != null).findFirst().orElse(id)));
        }
        return String.join(", ", names);
    }

    private static String parents(List<ProcessRef> parents) {
        StringBuilder sb = new StringBuilder();
        for (ProcessRef p : parents) {
            sb.append(" <- ").append(clean(p.name()));
        }
        return sb.toString();
    }

    /** Report text is attacker-chosen: no control characters (terminal escapes) reach the terminal. */
    private static String clean(String s) {
        return s == null ? "?" : TerminalText.printable(s);
    }
}
