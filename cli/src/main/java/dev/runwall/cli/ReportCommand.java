package dev.runwall.cli;

import dev.runwall.agent.report.ReportWriter;
import dev.runwall.core.json.JsonCodec;
import dev.runwall.core.report.MarkdownSummary;
import dev.runwall.core.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runwall report}: show a report, or rebuild one from an event log. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Print a run's report as the Markdown job summary (default) or as JSON.",
            "",
            "SOURCE is a report.json, a report folder, or an events.jsonl event log; from an event log the "
                    + "report is rebuilt (useful after the agent was killed), and --write stores report.json and "
                    + "summary.md in a folder. Lines of the log that cannot be read (cut short, or not an event as "
                    + "the agent writes it) are left out, and counted on stderr and in the summary.",
        })
public final class ReportCommand implements Callable<Integer> {
    enum Format { markdown, json }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = "report.json, a report folder, or events.jsonl.")
    Path source;

    @Option(names = "--format", paramLabel = "FORMAT", description = "markdown or json (default: ${DEFAULT-VALUE}).")
    Format format = Format.markdown;

    @Option(names = "--write", paramLabel = "DIR", description = "Rebuild from an event log and write report.json and summary.md into DIR.")
    Path writeDir;

    @Option(names = "--job", paramLabel = "NAME", description = "Job name to put in a rebuilt report.")
    String job;

    @Override
    public Integer call() throws IOException {
        Path events = eventLogOf(source);
        if (events == null && writeDir != null) {
            throw new ExitException(ExitCodes.INVALID_INPUT, "--write needs an events.jsonl event log as SOURCE");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (events != null) {
            if (!Files.isRegularFile(events)) {
                throw new ExitException(ExitCodes.INVALID_INPUT, events + ": no such file (give the events.jsonl of a "
                        + "report folder, or the folder)");
            }
            ReportWriter.Rebuilt rebuilt = ReportWriter.rebuild(events, job, java.util.function.UnaryOperator.identity());
            if (writeDir != null) {
                ReportWriter.store(rebuilt, writeDir);
                spec.commandLine().getErr().println("runwall: wrote " + writeDir.resolve(ReportWriter.REPORT) + " and "
                        + writeDir.resolve(ReportWriter.SUMMARY));
            }
            if (rebuilt.badLines() > 0) {
                spec.commandLine().getErr().println("runwall: " + rebuilt.badLines() + " line(s) of " + events
                        + " could not be read (cut short, or not an event as the agent writes it); the report leaves them out");
            }
            print(out, rebuilt.report(), rebuilt.summary());
        } else {
            Report report = ReportFiles.read(source);
            print(out, report, MarkdownSummary.render(report));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, Report report, String summary) throws IOException {
        if (format == Format.json) {
            out.println(JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            out.print(summary);
        }
    }

    private static Path eventLogOf(Path source) {
        if (Files.isDirectory(source) && !Files.exists(source.resolve(ReportWriter.REPORT))
                && Files.exists(source.resolve(ReportWriter.EVENTS))) {
            return source.resolve(ReportWriter.EVENTS);
        }
        return source.getFileName() != null && source.getFileName().toString().endsWith(".jsonl") ? source : null;
    }
}
