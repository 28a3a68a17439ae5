package dev.runwall.cli;

import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.report.Report;
import dev.runwall.core.report.StepInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells the user what was blocked: one line per blocked call on stderr, and on GitHub Actions an error
 * annotation per call plus the summary appended to the job summary ({@code GITHUB_STEP_SUMMARY}).
 */
final class GitHubOutput {
    private GitHubOutput() {}

    static void publish(Report report, Path reportDir, PrintWriter err) throws IOException {
        boolean github = "true".equals(System.getenv("GITHUB_ACTIONS"));
        for (Event e : report.events()) {
            String line = blockedLine(report, e);
            if (line == null) {
                continue;
            }
            err.println("runwall: " + line);
            if (github) {
                // Workflow commands: escape % CR LF as the runner requires, so a name cannot inject a command.
                System.out.println("::error title=Runwall blocked an outbound call::" + escapeCommand(line));
            }
        }
        String summaryFile = System.getenv("GITHUB_STEP_SUMMARY");
        if (summaryFile != null && !summaryFile.isBlank()) {
            Files.writeString(Path.of(summaryFile), Files.readString(reportDir.resolve("summary.md")),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        err.flush();
    }

    private static String blockedLine(Report report, Event e) {
        return switch (e) {
            case DnsEvent d when d.verdict() == Verdict.BLOCKED ->
                    "blocked DNS lookup of " + d.domain() + " (" + d.qtype() + ")" + where(report, d.step(), d.process());
            case ConnectionEvent c when c.verdict() == Verdict.BLOCKED ->
                    "blocked " + c.protocol() + " connection to " + (c.domain() != null ? c.domain() + " " : "")
                            + c.ip() + (c.port() > 0 ? ":" + c.port() : "") + where(report, c.step(), c.process());
            default -> null;
        };
    }

    private static String where(Report report, String stepId, ProcessInfo p) {
        String step = stepId == null ? "no known step" : report.steps().stream().filter(s -> s.id().equals(stepId))
                .map(StepInfo::name).findFirst().map(n -> "step '" + n + "'").orElse("step " + stepId);
        String process = p == null ? "unknown process" : p.name() + " (pid " + p.pid() + ", " + p.exe() + ")";
        return " in " + step + " by " + process;
    }

    static String escapeCommand(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C");
    }
}
