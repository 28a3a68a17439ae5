package dev.runwall.cli;

import dev.runwall.agent.Agent;
import dev.runwall.agent.AgentAttribution;
import dev.runwall.agent.AgentException;
import dev.runwall.agent.AgentOptions;
import dev.runwall.agent.report.ReportWriter;
import dev.runwall.agent.step.StepResult;
import dev.runwall.agent.step.RunAttribution;
import dev.runwall.agent.step.StepSpec;
import dev.runwall.agent.step.StepsFile;
import dev.runwall.agent.step.StepsFileException;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.core.policy.PolicyException;
import dev.runwall.core.report.BaselineDiff;
import dev.runwall.core.report.Report;
import dev.runwall.linux.procfs.ProcFs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runwall run}: run a command or a list of steps under the agent and write the report. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Start the agent in the current network namespace, run a command (one step) or the steps of a "
                    + "steps file, stop the agent and write the report: DIR/events.jsonl (the event log), "
                    + "DIR/report.json and DIR/summary.md (the job summary).",
            "",
            "Needs root: the agent serves DNS on 127.0.0.1:53 and [::1]:53 and points /etc/resolv.conf at "
                    + "itself while the steps run (restored afterwards). In audit mode every query is forwarded "
                    + "and recorded; in block mode a name outside --allowed-endpoints gets NXDOMAIN and never "
                    + "leaves the machine.",
            "",
            "Examples:",
            "  runwall run -- curl -fsS https://api.nuget.org/v3/index.json",
            "  runwall run --egress-policy block --allowed-endpoints 'api.nuget.org:443 *.github.com:443' \\",
            "      --steps steps.yml --report-dir out --fail-on-block",
        })
public final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--egress-policy", paramLabel = "MODE", description = "audit (record everything) or block "
            + "(answer NXDOMAIN outside --allowed-endpoints). Default: ${DEFAULT-VALUE}.")
    String egressPolicy = "audit";

    @Option(names = "--allowed-endpoints", paramLabel = "ENDPOINTS", description = "Allowed endpoints, as in the "
            + "action input: host:port entries separated by spaces, commas or newlines; port defaults to 443; "
            + "*.example.com:443 covers every subdomain; IPs and CIDRs as 198.18.7.0/24:443 or [fd52::7]:443.")
    String allowedEndpoints = "";

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Where to write events.jsonl, report.json "
            + "and summary.md. Must not hold an earlier report. Default: ${DEFAULT-VALUE}.")
    Path reportDir = Path.of("runwall-report");

    @ArgGroup(exclusive = true)
    StepChoice stepChoice = new StepChoice();

    static final class StepChoice {
        @Option(names = "--step", paramLabel = "NAME", description = "Name of the step that runs the command.")
        String step;

        @Option(names = "--steps", paramLabel = "STEPS.yml", description = "Run these steps instead of a command: "
                + "a YAML list of {name, run}; each run: script runs like a GitHub run: step "
                + "(bash --noprofile --norc -e -o pipefail); the first failing step ends the job.")
        Path steps;
    }

    @Option(names = "--job", paramLabel = "NAME", description = "Job name recorded in the report (runwall policy "
            + "merges reports per job).")
    String job;

    @Option(names = "--fail-on-block", description = "Exit with code 5 when anything was blocked (a failing "
            + "step's own exit code takes precedence).")
    boolean failOnBlock;

    @Option(names = "--baseline", paramLabel = "DIR", description = "Reports of earlier runs of this job (a folder of "
            + "report folders, or report.json files; repeatable): the summary flags every endpoint none of them called.")
    List<Path> baselineDirs = List.of();

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "The command to run as one step (after --).")
    List<String> command = List.of();

    @Override
    public Integer call() throws IOException, InterruptedException {
        EgressPolicy policy = policy();
        List<StepSpec> steps = steps();
        Path events = prepareReportDir();
        PrintWriter err = spec.commandLine().getErr();
        List<Report> baseline = baselineDirs.isEmpty() ? List.of() : BaselineReports.load(baselineDirs);
        Clock clock = Clock.systemUTC();
        Path scratch = Files.createTempDirectory("runwall-run");
        RunAttribution attribution = null;
        Agent agent = null;
        try {
            // steps are attributed causally: ancestry (procfs and the audit-fed process table) and a cgroup per step
            attribution = RunAttribution.start(ProcFs.system(), Duration.ofSeconds(2));
            attribution.warnings().forEach(w -> err.println("runwall: warning: " + w));
            agent = startAgent(policy, events, attribution, clock);
        } finally {
            if (agent == null) { // the start failed: take out what it put in
                if (attribution != null) {
                    attribution.close();
                }
                deleteTree(scratch);
            }
        }
        Thread stopOnSignal = stopOnSignal(agent, attribution, scratch);
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        List<StepResult> results;
        try {
            err.println("runwall: agent running in " + policy.mode().label() + " mode; upstream DNS "
                    + agent.upstreams().upstreams().stream()
                            .map(a -> dev.runwall.core.net.IpText.bracketed(a.getAddress()) + ":" + a.getPort())
                            .collect(java.util.stream.Collectors.joining(", ")));
            err.flush();
            results = attribution.jobRunner(agent.eventLog(), Path.of("").toAbsolutePath(), scratch, clock).run(steps);
        } finally {
            attribution.finish(agent.eventLog(), clock);
            stopQuietly(agent);
            attribution.close();
            Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            deleteTree(scratch);
        }
        Report report = ReportWriter.write(events, reportDir, job, r -> baselineDirs.isEmpty() ? r
                : r.withBaseline(BaselineDiff.compare(BaselineReports.sameJob(baseline, r), r)));
        if (report.baseline() != null && report.baseline().anyNew()) {
            err.println("runwall: " + report.baseline().newEndpoints().size() + " endpoint(s) never seen in the baseline: "
                    + report.baseline().newEndpoints().stream().map(e -> e.label()).toList());
        }
        GitHubOutput.publish(report, reportDir, err);
        err.println("runwall: report in " + reportDir.toAbsolutePath() + " (summary.md, report.json, events.jsonl)");
        err.flush();
        for (StepResult r : results) {
            if (r.exitCode() != 0) {
                return r.exitCode();
            }
        }
        return failOnBlock && report.anyBlocked() ? ExitCodes.BLOCKED : ExitCodes.OK;
    }

    private EgressPolicy policy() {
        try {
            return EgressPolicy.of(EgressMode.parse(egressPolicy), allowedEndpoints);
        } catch (PolicyException e) {
            throw new ExitException(ExitCodes.INVALID_INPUT, e.getMessage());
        }
    }

    private List<StepSpec> steps() throws IOException {
        if (stepChoice.steps != null) {
            if (!command.isEmpty()) {
                throw new ExitException(ExitCodes.INVALID_INPUT, "give either --steps FILE or a command after --, not both");
            }
            try {
                return StepsFile.read(stepChoice.steps);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new ExitException(ExitCodes.INVALID_INPUT, stepChoice.steps + ": no such steps file");
            } catch (StepsFileException e) {
                throw new ExitException(ExitCodes.INVALID_INPUT, e.getMessage());
            }
        }
        if (command.isEmpty()) {
            throw new ExitException(ExitCodes.INVALID_INPUT, "nothing to run: give a command after -- or --steps FILE");
        }
        return List.of(StepSpec.command(stepChoice.step != null ? stepChoice.step : String.join(" ", command), command));
    }

    private Path prepareReportDir() throws IOException {
        for (String f : List.of(ReportWriter.EVENTS, ReportWriter.REPORT, ReportWriter.SUMMARY)) {
            if (Files.exists(reportDir.resolve(f))) {
                throw new ExitException(ExitCodes.INVALID_INPUT, reportDir + " already holds a report (" + f
                        + "); give another --report-dir or remove it");
            }
        }
        Files.createDirectories(reportDir);
        return reportDir.resolve(ReportWriter.EVENTS);
    }

    private static Agent startAgent(EgressPolicy policy, Path events, RunAttribution attribution, Clock clock) {
        try {
            AgentOptions options = AgentOptions.defaults(policy, events).withSupervisor(SelfCommand.current());
            return Agent.start(options, new AgentAttribution(attribution.steps(), attribution.attributor(options.listen()),
                    attribution.correlator(), attribution.processes()::describe), clock);
        } catch (AgentException e) {
            int code = e.kind() == AgentException.Kind.INVALID_INPUT ? ExitCodes.INVALID_INPUT : ExitCodes.STATE;
            throw new ExitException(code, e.getMessage(), e);
        }
    }

    /**
     * The shutdown hook: when a signal ends the JVM the run's finally block does not run, so the hook stops the
     * agent, takes our audit rules out of the kernel and removes the scratch folder, each even if the one before
     * failed.
     */
    private static Thread stopOnSignal(Agent agent, RunAttribution attribution, Path scratch) {
        return new Thread(() -> {
            try {
                stopQuietly(agent);
            } finally {
                try {
                    attribution.close();
                } finally {
                    deleteTree(scratch);
                }
            }
        }, "runwall-stop-on-signal");
    }

    private static void stopQuietly(Agent agent) {
        try {
            agent.stop();
        } catch (AgentException e) {
            System.err.println("runwall: " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
