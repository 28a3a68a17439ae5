package dev.runwall.agent.report;

import dev.runwall.agent.eventlog.EventLogReader;
import dev.runwall.core.report.MarkdownSummary;
import dev.runwall.core.report.Report;
import dev.runwall.core.report.ReportBuilder;
import dev.runwall.core.report.ReportJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns an event log into {@code report.json} and {@code summary.md} beside it. */
public final class ReportWriter {
    public static final String EVENTS = "events.jsonl";
    public static final String REPORT = "report.json";
    public static final String SUMMARY = "summary.md";

    private ReportWriter() {}

    /** Builds the report from {@code eventLog} and writes both files into {@code dir}. */
    public static Report write(Path eventLog, Path dir, String jobName) throws IOException {
        return write(eventLog, dir, jobName, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #write(Path, Path, String)}, with {@code finish} applied to the report before it is written
     * (e.g. {@code r -> r.withBaseline(BaselineDiff.compare(baseline, r))}).
     */
    public static Report write(Path eventLog, Path dir, String jobName, java.util.function.UnaryOperator<Report> finish)
            throws IOException {
        EventLogReader.Result read = EventLogReader.read(eventLog);
        Report report = finish.apply(ReportBuilder.build(read.events(), jobName));
        Files.createDirectories(dir);
        ReportJson.write(report, dir.resolve(REPORT));
        String summary = MarkdownSummary.render(report);
        if (read.badLines() > 0) {
            summary += "\n> [!WARNING]\n> " + read.badLines() + " line(s) of the event log could not be read.\n";
        }
        Files.writeString(dir.resolve(SUMMARY), summary, StandardCharsets.UTF_8);
        return report;
    }
}
