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
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * Parses a report from {@code source} (a file name, for messages). Reports come from CI runs, where a
     * compromised job could have written them: anything that is not a well-formed report is rejected here.
     *
     * @throws ReportFormatException when the bytes are not a Runwall report (message starts with {@code source})
     */
    public static Report parse(byte[] json, String source) throws ReportFormatException {
        Report r;
        try {
            r = JsonCodec.mapper().readValue(json, Report.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ReportFormatException(source + where(e) + ": not a Runwall report.json" + printable(field(e))
                    + " (" + printable(problem(e)) + ")");
        } catch (IOException e) {
            throw new ReportFormatException(source + ": not a Runwall report.json (" + printable(e.getMessage()) + ")");
        }
        if (r == null || r.job() == null || r.schemaVersion() < 1) {
            throw new ReportFormatException(source + ": not a Runwall report.json (no schemaVersion/job)");
        }
        if (r.schemaVersion() > Report.SCHEMA_VERSION) {
            throw new ReportFormatException(source + ": report schema " + r.schemaVersion()
                    + " is newer than this runwall understands (" + Report.SCHEMA_VERSION + "); update runwall");
        }
        ReportCheck.check(r, source);
        return r;
    }

    /** {@code :line:column} of a syntax or mapping problem, when Jackson knows it. */
    private static String where(com.fasterxml.jackson.core.JacksonException e) {
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
    }

    /** {@code : at events[3].answers} for a problem inside the document's structure. */
    private static String field(com.fasterxml.jackson.core.JacksonException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m) || m.getPath().isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : ": at " + path;
    }

    /** Jackson's own words, except for a null where a value must be (a list's element, say). */
    private static String problem(com.fasterxml.jackson.core.JacksonException e) {
        return e.getCause() instanceof NullPointerException ? "a value is missing or null" : JsonCodec.problem(e);
    }

    /** The message may quote the file's text (a value, a field name), which a job could have written. */
    private static String printable(String text) {
        return text == null ? "" : TerminalText.printable(text);
    }
}
