package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.report.EndpointSummary;
import dev.runwall.core.report.Report;
import dev.runwall.core.report.ReportJson;
import dev.runwall.sandbox.ExecResult;
import dev.runwall.sandbox.Sandbox;
import dev.runwall.sandbox.SandboxTestKit;
import dev.runwall.sandbox.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runwall run} end to end: causal steps for background processes, parent chains, the baseline. */
class AttributionRunIT {
    private static Sandbox sandbox;
    @TempDir Path tmp;

    @BeforeAll
    static void up() throws Exception {
        sandbox = SandboxTestKit.up("attrit", Zone.parse("""
                hosts:
                  - name: registry.example
                    ipv4: 198.18.5.10
                    tcp: [80]
                  - name: daemon.example
                    ipv4: 198.18.5.11
                    tcp: [80]
                  - name: new.attacker.example
                    ipv4: 198.18.66.10
                    tcp: [80]
                """, "attrit-zone.yml"));
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

    @Test
    void aBackgroundProcessOfStepOneThatCallsOutDuringStepThreeIsStepOnesWithItsParents() throws Exception {
        Path out = tmp.resolve("bg");
        Path flag = tmp.resolve("step3");
        ExecResult r = RunwallProcess.run(sandbox, "run", "--job", "build", "--report-dir", out.toString(),
                "--steps", steps("""
                        - name: Start daemon
                          run: |
                            ( setsid bash -c 'while [ ! -e %1$s ]; do sleep 0.05; done; getent hosts daemon.example; sleep 1' & )
                        - name: Build
                          run: getent hosts registry.example
                        - name: Test
                          run: |
                            touch %1$s
                            sleep 2
                        """.formatted(flag)).toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        String auditCounters = Files.readAllLines(out.resolve("events.jsonl")).stream()
                .filter(l -> l.contains("\"process attribution\"")).findFirst().orElse("no audit counters");
        Report report = ReportJson.read(out.resolve("report.json"));
        List<DnsEvent> daemon = report.events().stream().filter(e -> e instanceof DnsEvent d
                && d.domain().equals("daemon.example")).map(DnsEvent.class::cast).toList();
        assertThat(daemon).isNotEmpty().allSatisfy(e -> {
            assertThat(e.step()).as("causally step 1, though its parent exited and it called during step 3 (a host "
                    + "flooding audit loses records: %s)", auditCounters)
                    .isEqualTo("step-1");
            assertThat(e.process().exe()).isEqualTo("/usr/bin/getent");
            assertThat(e.process().parents()).extracting(p -> p.name()).startsWith("bash").contains("java");
        });
        assertThat(report.steps().getFirst().background()).as("a background process of step 1")
                .anySatisfy(b -> assertThat(b.endpoints()).contains("daemon.example"));
        assertThat(Files.readString(out.resolve("summary.md")))
                .contains("Background processes of this step that called out after it ended");
    }

    @Test
    void aStepsLastCallRefusedJustBeforeItEndsIsItsOwnNotABackgroundProcess() throws Exception {
        // the kernel refuses at once (TCP reset) and the step ends within a millisecond or two, while the
        // packet's log line comes in a batch up to 10 ms later: the event must carry the time of the call
        Path out = tmp.resolve("last-call");
        ExecResult r = RunwallProcess.run(sandbox, "run", "--egress-policy", "block", "--report-dir", out.toString(),
                "--step", "Exfiltrate", "--", "bash", "-c", "exec 3<>/dev/tcp/198.18.66.6/443");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        Report report = ReportJson.read(out.resolve("report.json"));
        ConnectionEvent refused = report.events().stream()
                .filter(e -> e instanceof ConnectionEvent c && c.ip().equals("198.18.66.6")).map(ConnectionEvent.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no connection event: " + report.events()));
        assertThat(refused.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(refused.step()).isEqualTo("step-1");
        assertThat(refused.time()).as("the call's time, before the step's end").isBefore(report.steps().getFirst().endedAt());
        assertThat(report.steps().getFirst().background()).as("no background process").isEmpty();
    }

    @Test
    void aRunWithABaselineFlagsExactlyTheNewEndpoint() throws Exception {
        Path first = tmp.resolve("runs/1");
        ExecResult r1 = RunwallProcess.run(sandbox, "run", "--job", "build", "--report-dir", first.toString(),
                "--step", "Fetch", "--", "getent", "hosts", "registry.example");
        assertThat(r1.exitCode()).as(r1.describe()).isZero();
        Path second = tmp.resolve("new");
        ExecResult r2 = RunwallProcess.run(sandbox, "run", "--job", "build", "--report-dir", second.toString(),
                "--baseline", tmp.resolve("runs").toString(), "--steps", steps("""
                        - name: Fetch
                          run: getent hosts registry.example
                        - name: Post
                          run: getent hosts new.attacker.example
                        """).toString());
        assertThat(r2.exitCode()).as(r2.describe()).isZero();
        assertThat(r2.stderr()).contains("1 endpoint(s) never seen in the baseline: [new.attacker.example]");
        Report report = ReportJson.read(second.resolve("report.json"));
        assertThat(report.baseline().runs()).isEqualTo(1);
        assertThat(report.baseline().newEndpoints()).extracting(EndpointSummary::label)
                .containsExactly("new.attacker.example");
        assertThat(report.baseline().newEndpoints().getFirst().steps()).containsExactly("step-2");
        assertThat(Files.readString(second.resolve("summary.md")))
                .contains("1 endpoint never seen in the 1 baseline run:", "**new.attacker.example** in step Post");

        CliRun diff = CliRun.of("diff", "--baseline", first.toString(), second.toString());
        assertThat(diff.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(diff.out()).contains("new.attacker.example (dns) [audited]").doesNotContain("registry.example");
    }
}
