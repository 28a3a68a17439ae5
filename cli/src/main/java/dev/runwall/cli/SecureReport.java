package dev.runwall.cli;

import dev.runwall.workflow.Finding;
import dev.runwall.workflow.FindingsWriter;
import dev.runwall.workflow.HardeningResult;
import dev.runwall.workflow.Severity;
import dev.runwall.workflow.UnifiedDiff;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Prints diffs and findings in the chosen format, and decides the exit code. */
final class SecureReport {
    private final PrintWriter out;
    private final PrintWriter err;
    private final SecureFormat format;
    private final boolean write;
    private final boolean check;

    SecureReport(PrintWriter out, PrintWriter err, SecureFormat format, boolean write, boolean check) {
        this.out = out;
        this.err = err;
        this.format = format;
        this.write = write;
        this.check = check;
    }

    void print(List<HardeningResult> results, Duration took) {
        FindingsWriter writer = new FindingsWriter(version());
        switch (format) {
            case json -> out.print(writer.json(results, !write && !check));
            case sarif -> out.print(writer.sarif(results));
            case text -> {
                if (!write && !check) {
                    for (HardeningResult r : results) {
                        out.print(UnifiedDiff.of(r.file(), r.original(), r.updated()));
                    }
                }
                out.print(writer.text(results));
            }
        }
        out.flush();
        long changed = results.stream().filter(HardeningResult::changed).count();
        long findings = results.stream().mapToLong(r -> r.findings().size()).sum();
        long fixed = results.stream().flatMap(r -> r.findings().stream()).filter(Finding::fixed).count();
        err.println("secure: " + results.size() + " file(s), " + changed + (write ? " changed" : " to change")
                + ", " + findings + " finding(s), " + fixed + " fixed by the changes, in "
                + String.format(java.util.Locale.ROOT, "%.2f s", took.toNanos() / 1e9));
        err.flush();
    }

    int exitCode(List<HardeningResult> results) {
        boolean invalid = results.stream().anyMatch(r -> r.outcome() == HardeningResult.Outcome.INVALID);
        if (invalid) {
            return ExitCodes.INVALID_INPUT;
        }
        boolean refused = results.stream().anyMatch(r -> r.outcome() == HardeningResult.Outcome.REFUSED);
        if (refused) {
            return ExitCodes.FAILURE;
        }
        if (check) {
            boolean changes = results.stream().anyMatch(HardeningResult::changed);
            boolean errors = results.stream().flatMap(r -> r.findings().stream())
                    .anyMatch(f -> f.severity() == Severity.ERROR && !f.fixed());
            return changes || errors ? ExitCodes.FAILURE : ExitCodes.OK;
        }
        return ExitCodes.OK;
    }

    private static String version() {
        String v = SecureReport.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
