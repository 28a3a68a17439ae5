package dev.runwall.core.report;

import dev.runwall.core.json.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@code report.json}. */
public final class ReportJson {
    private ReportJson() {}

    public static void write(Report report, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), report);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a report.
     *
     * @throws ReportFormatException when the file is not a Runwall report (message names the file)
     */
    public static Report read(Path file) throws IOException, ReportFormatException {
        Report r;
        try {
            r = JsonCodec.mapper().readValue(file.toFile(), Report.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ReportFormatException(file + ": not a Runwall report.json (" + e.getOriginalMessage() + ")");
        }
        if (r == null || r.job() == null || r.schemaVersion() < 1) {
            throw new ReportFormatException(file + ": not a Runwall report.json (no schemaVersion/job)");
        }
        if (r.schemaVersion() > Report.SCHEMA_VERSION) {
            throw new ReportFormatException(file + ": report schema " + r.schemaVersion()
                    + " is newer than this runwall understands (" + Report.SCHEMA_VERSION + "); update runwall");
        }
        return r;
    }
}
