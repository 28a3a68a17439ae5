package dev.runwall.cli;

import dev.runwall.core.report.Report;
import dev.runwall.core.report.ReportFormatException;
import dev.runwall.core.report.ReportJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads report files with errors a user can act on. */
final class ReportFiles {
    private ReportFiles() {}

    static Report read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("report.json") : path;
        try {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString());
            }
            return ReportJson.read(file);
        } catch (NoSuchFileException e) {
            throw new ExitException(ExitCodes.INVALID_INPUT, file + ": no such file (give a report.json written by 'runwall run', or its folder)");
        } catch (ReportFormatException e) {
            throw new ExitException(ExitCodes.INVALID_INPUT, e.getMessage());
        } catch (IOException e) {
            throw new ExitException(ExitCodes.INVALID_INPUT, file + ": cannot read: " + e.getMessage());
        }
    }
}
