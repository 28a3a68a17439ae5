package dev.runwall.cli;

import dev.runwall.core.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads baseline reports: files, or folders holding report.json files (up to two levels down). */
final class BaselineReports {
    private BaselineReports() {}

    static List<Report> load(List<Path> paths) {
        List<Report> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                out.add(ReportFiles.read(p));
                continue;
            }
            List<Path> found;
            try (Stream<Path> walk = Files.walk(p, 2)) {
                found = walk.filter(f -> f.getFileName().toString().equals("report.json") && Files.isRegularFile(f))
                        .sorted().toList();
            } catch (IOException e) {
                throw new ExitException(ExitCodes.INVALID_INPUT, p + ": cannot read the baseline folder: " + e.getMessage());
            }
            if (found.isEmpty()) {
                throw new ExitException(ExitCodes.INVALID_INPUT, p + ": no report.json in this baseline folder (or its "
                        + "subfolders); give report folders of earlier runs");
            }
            found.forEach(f -> out.add(ReportFiles.read(f)));
        }
        return out;
    }

    /** The baseline runs of the same job as {@code current}; all of them when none has its name. */
    static List<Report> sameJob(List<Report> baseline, Report current) {
        String job = current.job().name();
        List<Report> same = baseline.stream().filter(r -> job != null && job.equals(r.job().name())).toList();
        return same.isEmpty() ? baseline : same;
    }
}
