package dev.runwall.cli;

import dev.runwall.agent.report.ReportWriter;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.policy.PolicyMerger;
import dev.runwall.core.report.Report;
import dev.runwall.core.report.ReportJson;
import dev.runwall.sandbox.Sandbox;
import dev.runwall.sandbox.SandboxException;
import dev.runwall.sandbox.SandboxSpec;
import dev.runwall.sandbox.SandboxTestKit;
import dev.runwall.sandbox.Zone;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runwall demo}: the whole user story in a network sandbox. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Runwall story end to end inside a network sandbox (a simulated internet in network "
                    + "namespaces; nothing leaves this machine): two audit runs of a sample job (restore "
                    + "packages, then a build that phones home on the second run only), the allowed-endpoints "
                    + "policy merged from both, then a block run in which a compromised test step tries to send "
                    + "a secret to an attacker's host, by address (refused by the kernel firewall) and by name "
                    + "(NXDOMAIN).",
            "",
            "Prints each run's job summary, the policy, and where the reports are; tears the sandbox down. "
                    + "Needs root. Exits 0 when everything happened as described, 1 otherwise.",
        })
public final class DemoCommand implements Callable<Integer> {
    private static final String RESOURCES = "/dev/runwall/cli/demo/";

    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to keep the reports (default: ./runwall-demo-<time>).")
    Path out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter o = spec.commandLine().getOut();
        if (dev.runwall.linux.procfs.ProcFs.system().effectiveUid() != 0) {
            throw new ExitException(ExitCodes.STATE, "the demo needs root (it creates network namespaces); run it with sudo");
        }
        DemoPackages.ensure(o);
        requirePrivileges();
        Path dir = out != null ? out : Path.of("runwall-demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
            throw new ExitException(ExitCodes.INVALID_INPUT, dir + " is not empty; give another --out");
        }
        Files.createDirectories(dir);
        dir = dir.toAbsolutePath();
        Path jobSteps = copyResource("steps.yml", dir);
        Path blockSteps = dir.resolve("steps-with-compromised-test.yml");
        Files.writeString(blockSteps, Files.readString(jobSteps) + resource("compromised-step.yml"));
        Zone zone;
        try {
            zone = Zone.parse(resource("zone.yml"), "demo zone");
        } catch (dev.runwall.sandbox.ZoneException e) {
            throw new IllegalStateException("the built-in demo zone is invalid", e);
        }
        String name = SandboxTestKit.uniqueName("demo");
        o.println("== Runwall demo: sandbox '" + name + "' (a simulated internet; nothing leaves this machine)");
        o.flush();
        Sandbox sandbox = Sandbox.up(SandboxSpec.of(name, zone).withQueryLog(dir.resolve("internet-queries.jsonl")));
        try {
            return story(sandbox, dir, jobSteps, blockSteps, o);
        } finally {
            sandbox.down();
            o.println("== Sandbox '" + name + "' torn down. Reports are in " + dir);
            o.flush();
        }
    }

    private int story(Sandbox sandbox, Path dir, Path jobSteps, Path blockSteps, PrintWriter o)
            throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        List<Report> audits = new ArrayList<>();
        for (int run = 1; run <= 2; run++) {
            Path reportDir = dir.resolve("audit-run-" + run);
            o.println();
            o.println("== Audit run " + run + ": runwall run --egress-policy audit --steps steps.yml");
            o.flush();
            int code = runwall(sandbox, Map.of("RUNWALL_DEMO_RUN", Integer.toString(run)), "run", "--job", "build",
                    "--egress-policy", "audit", "--steps", jobSteps.toString(), "--report-dir", reportDir.toString());
            expect(code == 0, "audit run " + run + " exited " + code, problems);
            audits.add(showSummary(reportDir, o));
        }
        List<PolicyMerger.JobPolicy> merged = PolicyMerger.merge(audits.stream().filter(r -> r != null).toList());
        expect(merged.size() == 1, "expected one job policy, got " + merged.size(), problems);
        PolicyMerger.JobPolicy policy = merged.getFirst();
        o.println();
        o.println("== Policy merged from both audit runs (runwall policy audit-run-1 audit-run-2):");
        o.print(policy.toYaml());
        Files.writeString(dir.resolve("policy.yml"), policy.toYaml());
        expect(policy.allowedEndpoints().contains("telemetry.buildtool.example:443"),
                "the telemetry host seen only in run 2 is missing from the policy", problems);
        String allowed = String.join(" ", policy.allowedEndpoints());

        Path blockDir = dir.resolve("block-run");
        o.println();
        o.println("== Block run with that policy; a compromised test step tries to exfiltrate a secret");
        o.flush();
        int code = runwall(sandbox, Map.of("RUNWALL_DEMO_RUN", "2", "DEMO_SECRET", "ghs_DemoSecretDoNotLeak0123456789"),
                "run", "--job", "build", "--egress-policy", "block", "--allowed-endpoints", allowed,
                "--steps", blockSteps.toString(), "--report-dir", blockDir.toString());
        expect(code != 0, "the block run should fail (its Test step is blocked), but exited 0", problems);
        Report block = showSummary(blockDir, o);
        boolean blockedExfil = block != null && block.events().stream().anyMatch(e -> e instanceof DnsEvent d
                && d.domain().equals("exfil.attacker.example") && d.verdict() == Verdict.BLOCKED);
        expect(blockedExfil, "the attacker's host was not blocked", problems);
        boolean blockedRawIp = block != null && block.events().stream().anyMatch(e -> e instanceof ConnectionEvent c
                && c.ip().equals("198.18.66.6") && c.verdict() == Verdict.BLOCKED);
        expect(blockedRawIp, "the connection to the attacker's address was not blocked by the firewall", problems);
        expect(!sandbox.queryLog().contains("exfil.attacker.example"),
                "the attacker's name reached the internet's DNS server", problems);
        o.println();
        if (problems.isEmpty()) {
            o.println("== Done: the kernel firewall refused the connection to the attacker's address, and the "
                    + "attacker's name was answered NXDOMAIN on the runner and never reached the internet (see "
                    + "internet-queries.jsonl); the Test step failed and the report names both.");
            o.flush();
            return ExitCodes.OK;
        }
        o.println("== The demo did not go as described:");
        problems.forEach(p -> o.println("  - " + p));
        o.flush();
        return ExitCodes.FAILURE;
    }

    private Report showSummary(Path reportDir, PrintWriter o) throws IOException {
        Path summary = reportDir.resolve(ReportWriter.SUMMARY);
        if (!Files.exists(summary)) {
            o.println("(no summary in " + reportDir + ")");
            return null;
        }
        o.println("-- " + summary + ":");
        o.println(Files.readString(summary));
        o.flush();
        try {
            return ReportJson.read(reportDir.resolve(ReportWriter.REPORT));
        } catch (dev.runwall.core.report.ReportFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs this runwall (same java and class path) inside the sandbox's runner namespace. */
    private int runwall(Sandbox sandbox, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = sandbox.processBuilder(cmd).inheritIO();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new ExitException(ExitCodes.STATE, "a demo run did not finish within 5 minutes");
        }
        return p.exitValue();
    }

    private static void requirePrivileges() {
        try {
            SandboxTestKit.requirePrivileges();
        } catch (IllegalStateException e) {
            throw new ExitException(ExitCodes.STATE, "the demo " + e.getMessage().replace("this integration test ", ""));
        }
    }

    private static void expect(boolean condition, String problem, List<String> problems) {
        if (!condition) {
            problems.add(problem);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path copyResource(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        Files.writeString(target, resource(name));
        return target;
    }
}
