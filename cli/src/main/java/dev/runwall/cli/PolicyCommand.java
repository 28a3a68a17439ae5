package dev.runwall.cli;

import dev.runwall.core.policy.PolicyMerger;
import dev.runwall.core.policy.PolicyYaml;
import dev.runwall.core.report.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runwall policy REPORT.json...}: the allowed-endpoints policy from several audit runs. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Merge the reports of any number of runs into the allowed-endpoints policy of each job.",
            "",
            "Every endpoint seen in any run is included (optional calls make one run incomplete): a name with "
                    + "each port it was connected to, a name only resolved with port 443, an address no name "
                    + "resolved to as ip:port. Names that did not resolve (NXDOMAIN) and calls that were blocked "
                    + "are left out; blocked ones are listed as comments so you can decide. So is anything that is "
                    + "no exact host name or address ('*', a name with spaces or escaped bytes), listed as a comment "
                    + "too: a report may have been written by a compromised job.",
            "",
            "Printed in two formats (one YAML document each): the Runwall policy file, which says in how many "
                    + "runs and by which steps each endpoint was needed, and the allowed-endpoints block to paste "
                    + "under the step's 'with:' (Harden-Runner's format, which the Runwall action accepts too).",
            "",
            "Where several names under one parent were called on one port, a wildcard (*.parent:port) is "
                    + "suggested as a comment; --apply-wildcards uses it. Never under a top-level domain, a public "
                    + "suffix, or a suffix where anyone can get a name (object storage, shared hosting, tunnels).",
        })
public final class PolicyCommand implements java.util.concurrent.Callable<Integer> {
    enum Format { both, runwall, harden_runner }

    @Spec CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", converter = PolicyFormatConverter.class,
            description = "both, runwall (the policy file) or harden-runner (the with: block). Default: both.")
    Format format = Format.both;

    @Option(names = "--per-step", description = "Also show which step needed which endpoint (in the policy file).")
    boolean perStep;

    @Option(names = "--wildcard-min", paramLabel = "N", description = "Suggest *.parent:port from N sibling names "
            + "on (0: never). Default: ${DEFAULT-VALUE}.")
    int wildcardMin = PolicyMerger.DEFAULT_WILDCARD_MIN;

    @Option(names = "--apply-wildcards", description = "Put the suggested wildcards in place of the names they cover.")
    boolean applyWildcards;

    @Parameters(arity = "1..*", paramLabel = "REPORT.json", description = "report.json files (or report folders) "
            + "written by 'runwall run' or 'runwall agent stop'.")
    List<Path> reports;

    @Override
    public Integer call() {
        if (wildcardMin < 0) {
            throw new ExitException(ExitCodes.INVALID_INPUT, "--wildcard-min must be 0 (off) or more, not " + wildcardMin);
        }
        List<Report> loaded = new ArrayList<>();
        for (Path p : reports) {
            loaded.add(ReportFiles.read(p));
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean first = true;
        for (PolicyMerger.JobPolicy merged : PolicyMerger.merge(loaded, wildcardMin)) {
            PolicyMerger.JobPolicy p = applyWildcards ? merged.applyWildcards() : merged;
            String title = "runwall policy" + (p.job() == null ? "" : " for job '" + PolicyYaml.oneLine(p.job()) + "'")
                    + ", merged from " + p.runs() + " run" + (p.runs() == 1 ? "" : "s");
            if (format != Format.harden_runner) {
                out.print(first ? "" : "---\n");
                out.println("# " + title + ": Runwall policy file");
                out.print(PolicyYaml.runwallFile(p, perStep));
                first = false;
            }
            if (format != Format.runwall) {
                out.print(first ? "" : "---\n");
                out.println("# " + title + ": allowed-endpoints for the step's with: (Harden-Runner's format)");
                out.print(PolicyYaml.withBlockAndNotes(p));
                first = false;
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Accepts {@code harden-runner} for the enum constant {@code harden_runner}. */
    static final class PolicyFormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a format: use both, runwall or harden-runner");
            }
        }
    }
}
