package dev.runwall.cli;

import dev.runwall.agent.Agent;
import dev.runwall.agent.AgentAttribution;
import dev.runwall.agent.AgentException;
import dev.runwall.agent.step.RunnerAttribution;
import dev.runwall.agent.AgentOptions;
import dev.runwall.agent.daemon.AgentStatus;
import dev.runwall.agent.firewall.FirewallOptions;
import dev.runwall.agent.report.ReportWriter;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.core.policy.PolicyException;
import dev.runwall.linux.procfs.ProcFs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runwall agent start}: start the agent as a daemon (or in the foreground). */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Start the agent in the current network namespace and return once it enforces the mode: the "
                    + "firewall rules are in the kernel, DNS is served and /etc/resolv.conf points at the agent. "
                    + "The agent then runs in the background (its output goes to STATE/agent.log, STATE being "
                    + "/run/runwall/netns-<inode>) until 'runwall agent stop', which writes the report into DIR.",
            "",
            "A block-mode start that cannot complete exits non-zero; it never falls back to audit.",
        })
public final class AgentStartCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--egress-policy", paramLabel = "MODE", description = "audit (record everything) or block "
            + "(NXDOMAIN and kernel rejects outside --allowed-endpoints). Default: ${DEFAULT-VALUE}.")
    String egressPolicy = "audit";

    @Option(names = "--allowed-endpoints", paramLabel = "ENDPOINTS", description = "Allowed endpoints, as for "
            + "'runwall run': host:port entries separated by spaces, commas or newlines; *.example.com:443; "
            + "198.18.7.0/24:443; [fd52::7]:443; host:* for any port.")
    String allowedEndpoints = "";

    @Option(names = "--report-dir", required = true, paramLabel = "DIR", description = "Where the event log goes "
            + "at once and 'runwall agent stop' writes report.json and summary.md. Must not hold an earlier report.")
    Path reportDir;

    @Option(names = "--job", paramLabel = "NAME", description = "Job name recorded in the report.")
    String job;

    @Option(names = "--foreground", description = "Run the agent in this process until SIGTERM/SIGINT instead of "
            + "starting a daemon.")
    boolean foreground;

    @Option(names = "--ready-file", paramLabel = "FILE", description = "Create FILE (containing the agent's pid) "
            + "once the agent enforces its mode, before start returns; removed when the agent stops (a killed "
            + "agent's stays, naming a process that no longer runs). Default: STATE/ready.")
    Path readyFile;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", description = "How long to wait for the daemon "
            + "to be ready. Default: ${DEFAULT-VALUE}.")
    int startTimeout = 30;

    @Option(names = "--min-address-ttl", paramLabel = "SECONDS", description = "Shortest time an address from a "
            + "DNS answer stays allowed, whatever its TTL. Default: ${DEFAULT-VALUE}.")
    int minAddressTtl = 60;

    @Option(names = "--nflog-group", paramLabel = "N", description = "NFLOG group of the flow log (0-65535). "
            + "Default: ${DEFAULT-VALUE}.")
    int nflogGroup = FirewallOptions.DEFAULT_NFLOG_GROUP;

    @Option(names = "--no-firewall", hidden = true, description = "DNS gate only (benchmarks).")
    boolean noFirewall;

    @Option(names = "--enforced-since", hidden = true, description = "Set by the daemon's parent: when it put the "
            + "block-mode rules in place.")
    java.time.Instant enforcedSince;

    @Override
    public Integer call() throws IOException, InterruptedException {
        EgressPolicy policy = policy();
        if (minAddressTtl < 1 || nflogGroup < 0 || nflogGroup > 0xffff || startTimeout < 1) {
            throw new ExitException(ExitCodes.INVALID_INPUT, "--min-address-ttl and --start-timeout must be at least 1,"
                    + " --nflog-group 0..65535");
        }
        Path events = prepareReportDir();
        if (!foreground) {
            return new AgentDaemon(spec.commandLine().getErr()).start(spec.commandLine().getParseResult().originalArgs(),
                    policy, firewallOptions(), readyFile, Duration.ofSeconds(startTimeout));
        }
        return runInForeground(policy, events);
    }

    private int runInForeground(EgressPolicy policy, Path events) throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        AgentOptions options = AgentOptions.defaults(policy, events).withFirewall(firewallOptions().withEnforcedSince(enforcedSince))
                .withSupervisor(SelfCommand.current()).withReport(reportDir, job);
        // On a GitHub runner a step is the direct child of Runner.Worker (GITHUB_ACTION from its environment)
        RunnerAttribution attribution = RunnerAttribution.start(ProcFs.system(), clock);
        Agent agent;
        try {
            agent = Agent.start(options, new AgentAttribution(attribution.steps(), attribution.attributor(options.listen()),
                    attribution.correlator(), attribution.processes()::describe), clock);
        } catch (AgentException e) {
            attribution.close();
            int code = e.kind() == AgentException.Kind.INVALID_INPUT ? ExitCodes.INVALID_INPUT : ExitCodes.STATE;
            throw new ExitException(code, e.getMessage(), e);
        }
        attribution.attachLog(agent.eventLog());
        Path ready = readyFile != null ? readyFile : agent.stateDir().resolve("ready");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            attribution.finish(agent.eventLog(), clock);
            stopAndReport(agent, events, err);
            attribution.close(); // our audit rules out of the kernel
            deleteQuietly(ready);
            stopped.countDown();
        }, "runwall-agent-stop"));
        Files.writeString(ready, ProcessHandle.current().pid() + "\n");
        AgentStatus status = agent.status();
        err.println("runwall: agent running in " + status.mode() + " mode (pid " + status.pid() + ")"
                + (status.enforcingSince() == null ? ", without the kernel firewall" : ", firewall enforcing since "
                        + status.enforcingSince()) + "; stop it with 'runwall agent stop'");
        err.flush();
        stopped.await(); // the shutdown hook (SIGTERM, SIGINT) ends this process
        return ExitCodes.OK;
    }

    private FirewallOptions firewallOptions() {
        return FirewallOptions.defaults().withEnabled(!noFirewall).withMinAddressTtl(Duration.ofSeconds(minAddressTtl))
                .withTable(FirewallOptions.DEFAULT_TABLE, nflogGroup);
    }

    private void stopAndReport(Agent agent, Path events, PrintWriter err) {
        try {
            agent.stop();
        } catch (AgentException e) {
            err.println("runwall: " + e.getMessage());
        }
        try {
            ReportWriter.write(events, reportDir, job);
            err.println("runwall: report in " + reportDir.toAbsolutePath() + " (summary.md, report.json, events.jsonl)");
        } catch (IOException | RuntimeException e) {
            err.println("runwall: could not write the report into " + reportDir + ": " + e.getMessage());
        }
        err.flush();
    }

    private EgressPolicy policy() {
        try {
            return EgressPolicy.of(EgressMode.parse(egressPolicy), allowedEndpoints);
        } catch (PolicyException e) {
            throw new ExitException(ExitCodes.INVALID_INPUT, e.getMessage());
        }
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

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale ready file names a pid that no longer runs; status says so
        }
    }
}
