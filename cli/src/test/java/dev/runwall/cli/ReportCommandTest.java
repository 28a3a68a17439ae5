package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir Path tmp;

    private Path log(String... lines) throws Exception {
        Path file = tmp.resolve("events.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void aRebuiltReportSaysHowManyLinesOfTheLogItLeftOutAndWritesNothing() throws Exception {
        Path events = log("{\"kind\":\"dns\",\"time\":\"2026-11-25T10:00:00Z\",\"verdict\":\"audited\","
                        + "\"domain\":\"api.nuget.org\",\"rcode\":\"NOERROR\"}",
                "{\"kind\":\"connection\",\"time\":\"2026-11-25T10:00:01Z\",\"verdict\":\"audited\",\"ip\":\"x\"}",
                "{\"kind\":\"dns\",\"time\":");
        long before = temporaryReportFolders();
        CliRun run = CliRun.of("report", events.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(temporaryReportFolders()).as("no report folder left in the temporary folder").isEqualTo(before);
        assertThat(run.out()).contains("api.nuget.org", "2 line(s) of the event log could not be read");
        assertThat(run.err()).contains("2 line(s) of " + events + " could not be read");
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(events); // nothing written beside it either
        }
    }

    private static long temporaryReportFolders() throws java.io.IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("runwall-report")).count();
        }
    }

    @Test
    void writeStoresTheReportAndTheSummaryWithTheWarning() throws Exception {
        Path events = log("not json");
        CliRun run = CliRun.of("report", events.toString(), "--write", tmp.resolve("out").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(tmp.resolve("out/report.json")).exists();
        assertThat(Files.readString(tmp.resolve("out/summary.md"))).contains("1 line(s) of the event log could not be read");
    }

    @Test
    void aMissingEventLogIsExitTwoWithItsName() {
        CliRun run = CliRun.of("report", tmp.resolve("gone/events.jsonl").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains(tmp.resolve("gone/events.jsonl") + ": no such file");
    }
}
