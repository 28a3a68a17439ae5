package dev.runwall.cli;

import dev.runwall.core.policy.PolicyMerger;
import dev.runwall.core.report.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runwall policy REPORT.json...}: the allowed-endpoints policy from several audit runs. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = {
            "Merge the reports of one or more runs into the allowed-endpoints policy of each job and print the "
                    + "YAML to paste under the Runwall step's 'with:'.",
            "",
            "Every endpoint seen in any run is included (optional calls make one run incomplete): a name with "
                    + "each port it was connected to, a name only resolved with port 443, an address no name "
                    + "resolved to as ip:port. Names that did not resolve (NXDOMAIN) and calls that were blocked "
                    + "are left out; blocked ones are listed as comments so you can decide.",
        })
public final class PolicyCommand implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "REPORT.json", description = "report.json files written by 'runwall run'.")
    List<Path> reports;

    @Override
    public Integer call() {
        List<Report> loaded = new ArrayList<>();
        for (Path p : reports) {
            loaded.add(ReportFiles.read(p));
        }
        PrintWriter out = spec.commandLine().getOut();
        List<PolicyMerger.JobPolicy> policies = PolicyMerger.merge(loaded);
        for (PolicyMerger.JobPolicy p : policies) {
            out.println("# runwall policy" + (p.job() == null ? "" : " for job '" + p.job() + "'")
                    + ", merged from " + p.runs() + " run" + (p.runs() == 1 ? "" : "s"));
            for (String b : p.blockedNotIncluded()) {
                out.println("# blocked in a run, not included: " + b);
            }
            out.print(p.toYaml());
            if (policies.size() > 1) {
                out.println();
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
