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
        Rebuilt rebuilt = rebuild(eventLog, jobName, finish);
        store(rebuilt, dir);
        return rebuilt.report();
    }

    /** Writes a rebuilt report's {@code report.json} and {@code summary.md} into {@code dir}. */
    public static void store(Rebuilt rebuilt, Path dir) throws IOException {
        Files.createDirectories(dir);
        ReportJson.write(rebuilt.report(), dir.resolve(REPORT));
        Files.writeString(dir.resolve(SUMMARY), rebuilt.summary(), StandardCharsets.UTF_8);
    }

    /**
     * A report built from an event log, its Markdown summary (which says how many lines of the log could not
     * be read, when any could not), and that count.
     */
    public record Rebuilt(Report report, String summary, int badLines) {}

    /** Builds the report and its summary from {@code eventLog} without writing anything. */
    public static Rebuilt rebuild(Path eventLog, String jobName, java.util.function.UnaryOperator<Report> finish)
            throws IOException {
        EventLogReader.Result read = EventLogReader.read(eventLog);
        Report report = finish.apply(ReportBuilder.build(read.events(), jobName));
        String summary = MarkdownSummary.render(report);
        if (read.badLines() > 0) {
            summary += "\n> [!WARNING]\n> " + read.badLines() + " line(s) of the event log could not be read.\n";
        }
        return new Rebuilt(report, summary, read.badLines());
    }
}
