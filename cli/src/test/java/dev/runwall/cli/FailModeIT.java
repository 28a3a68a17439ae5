package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.daemon.AgentStatus;
import dev.runwall.core.event.AgentEvent;
import dev.runwall.sandbox.ExecResult;
import dev.runwall.sandbox.Sandbox;
import dev.runwall.sandbox.SandboxTestKit;
import dev.runwall.sandbox.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail modes of the agent daemon: block mode fails closed (a killed agent's rules stay until a cleanup or a
 * new start), audit mode fails open (the supervisor restores DNS within 2 s), a start that cannot complete
 * exits non-zero, start returns only once ready (its ready file in place), and stop leaves the namespace as
 * it found it.
 */
class FailModeIT {
    private static Sandbox sandbox;
    private static Path resolvConf;
    private static String originalResolvConf;
    @TempDir Path tmp;

    @BeforeAll
    static void up() throws Exception {
        sandbox = SandboxTestKit.up("failmode", Zone.parse("""
                hosts:
                  - name: api.nuget.org
                    ipv4: 198.18.1.10
                    tcp: [443]
                  - name: exfil.attacker.example
                    ipv4: 198.18.66.6
                    tcp: [80]
                """, "failmode-zone.yml"));
        resolvConf = Path.of("/etc/netns", sandbox.runnerNamespace(), "resolv.conf");
        originalResolvConf = Files.readString(resolvConf);
    }

    @AfterAll
    static void down() {
        if (sandbox != null) {
            AgentSession.forgetState(sandbox);
            sandbox.down();
        }
    }

    @AfterEach
    void leaveNothingBehind() {
        AgentSession.runwall(sandbox, "agent", "stop", "--cleanup");
    }

    private ExecResult runner(String... command) {
        return sandbox.exec(Duration.ofSeconds(20), command);
    }

    @Test
    void blockModeFailsClosedWhenTheAgentIsKilledUntilCleanup() throws Exception {
        AgentSession agent = AgentSession.start(sandbox, tmp.resolve("killed"), "--egress-policy", "block",
                "--allowed-endpoints", "api.nuget.org:443");
        assertThat(runner("curl", "-sS", "--max-time", "5", "http://api.nuget.org:443/").exitCode()).isZero();
        long pid = AgentSession.status(sandbox).pid();
        agent.kill();

        assertThat(AgentSession.tables(sandbox)).as("the rules stay").contains("table inet runwall");
        assertThat(Files.readString(AgentSession.stateDir(sandbox).resolve("ready")))
                .as("nobody removes a killed agent's ready file").isEqualTo(pid + "\n");
        ExecResult raw = runner("curl", "-sS", "--max-time", "5", "http://198.18.66.6/");
        assertThat(raw.exitCode()).as("nothing new gets out\n" + raw.describe()).isEqualTo(7);
        ExecResult byName = runner("curl", "-sS", "--max-time", "5", "http://api.nuget.org:443/");
        assertThat(byName.exitCode()).as("no resolver answers: the name does not resolve\n" + byName.describe())
                .isNotZero();
        // root-owned sockets may still reach the runner's resolver (the agent's own forwarding, see
        // docs/FIREWALL.md); a job without root cannot
        ExecResult upstream = runner("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                "dig", "+time=2", "+tries=1", "@198.18.0.53", "api.nuget.org");
        assertThat(upstream.stdout()).as(upstream.describe()).doesNotContain("status: NOERROR");

        ExecResult status = AgentSession.runwall(sandbox, "agent", "status");
        assertThat(status.exitCode()).isEqualTo(ExitCodes.STATE);
        assertThat(status.stdout()).contains("died", "fail closed");
        ExecResult stop = AgentSession.runwall(sandbox, "agent", "stop");
        assertThat(stop.exitCode()).as(stop.describe()).isEqualTo(ExitCodes.STATE);
        assertThat(stop.stderr()).contains("runwall agent stop --cleanup");
        assertThat(AgentSession.tables(sandbox)).contains("table inet runwall");

        ExecResult cleanup = AgentSession.runwall(sandbox, "agent", "stop", "--cleanup");
        assertThat(cleanup.exitCode()).as(cleanup.describe()).isZero();
        assertThat(AgentSession.tables(sandbox)).doesNotContain("table inet runwall");
        assertThat(Files.readString(resolvConf)).isEqualTo(originalResolvConf);
        assertThat(runner("curl", "-sS", "--max-time", "5", "http://198.18.66.6/").stdout())
                .isEqualTo("exfil.attacker.example\n");
        assertThat(agent.report().job().egressPolicy()).as("the report, from the event log").isEqualTo("block");
    }

    @Test
    void aNewStartAfterAKilledBlockAgentTakesOver() throws Exception {
        AgentSession first = AgentSession.start(sandbox, tmp.resolve("first"), "--egress-policy", "block");
        first.kill();
        AgentSession second = AgentSession.start(sandbox, tmp.resolve("second"), "--egress-policy", "block",
                "--allowed-endpoints", "api.nuget.org:443");
        assertThat(runner("curl", "-sS", "--max-time", "5", "http://api.nuget.org:443/").stdout())
                .isEqualTo("api.nuget.org\n");
        assertThat(runner("curl", "-sS", "--max-time", "5", "http://198.18.66.6/").exitCode()).isEqualTo(7);
        assertThat(AgentSession.tables(sandbox).lines().filter(l -> l.equals("table inet runwall")).count()).isOne();
        assertThat(second.stop().exitCode()).isZero();
        assertThat(AgentSession.tables(sandbox)).doesNotContain("table inet runwall");
        assertThat(Files.readString(resolvConf)).isEqualTo(originalResolvConf);
    }

    @Test
    void auditModeFailsOpenTheSupervisorRestoresDnsWithinTwoSeconds() throws Exception {
        AgentSession agent = AgentSession.start(sandbox, tmp.resolve("audit"), "--egress-policy", "audit");
        assertThat(Files.readString(resolvConf)).contains("nameserver 127.0.0.1");
        assertThat(AgentSession.status(sandbox).supervisorPid()).isPositive();
        agent.kill();
        long killed = System.nanoTime();
        while (!Files.readString(resolvConf).equals(originalResolvConf) && System.nanoTime() - killed < 5_000_000_000L) {
            Thread.sleep(10);
        }
        long millis = (System.nanoTime() - killed) / 1_000_000;
        assertThat(Files.readString(resolvConf)).as("restored after %d ms", millis).isEqualTo(originalResolvConf);
        assertThat(millis).as("restored within 2 s").isLessThan(2000);
        // the supervisor writes its status after the restore; give it that moment
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!AgentStatus.DIED.equals(AgentSession.status(sandbox).state()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(AgentSession.tables(sandbox)).as("the audit rules went too").doesNotContain("table inet runwall");
        ExecResult job = runner("curl", "-sS", "--max-time", "5", "http://api.nuget.org:443/");
        assertThat(job.stdout()).as("the job keeps working\n" + job.describe()).isEqualTo("api.nuget.org\n");
        assertThat(agent.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(AgentEvent.class,
                a -> assertThat(a.message()).contains("died", "supervisor restored the resolver configuration")));

        ExecResult stop = AgentSession.runwall(sandbox, "agent", "stop");
        assertThat(stop.exitCode()).as("nothing is left, so a plain stop writes the report\n" + stop.describe()).isZero();
        assertThat(agent.report().job().egressPolicy()).isEqualTo("audit");
    }

    @Test
    void aKilledRunwallRunInAuditModeIsRestoredByItsSupervisorToo() throws Exception {
        Path marker = tmp.resolve("step-started");
        Process run = sandbox.processBuilder(RunwallProcess.command(RunwallProcess.killedRunTemp(tmp), "run",
                        "--report-dir", tmp.resolve("run").toString(), "--", "bash", "-c", "touch " + marker + "; sleep 60"))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("run.log").toFile()).start();
        java.util.List<ProcessHandle> steps = java.util.List.of();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(marker) && run.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(marker).as(Files.readString(tmp.resolve("run.log"))).exists();
            assertThat(Files.readString(resolvConf)).contains("nameserver 127.0.0.1");
            steps = run.toHandle().descendants().toList();
            run.destroyForcibly(); // 'ip netns exec' execs java: this is the runwall JVM itself
            run.waitFor();
            long killed = System.nanoTime();
            while (!Files.readString(resolvConf).equals(originalResolvConf) && System.nanoTime() - killed < 5_000_000_000L) {
                Thread.sleep(10);
            }
            long millis = (System.nanoTime() - killed) / 1_000_000;
            assertThat(Files.readString(resolvConf)).as("restored after %d ms", millis).isEqualTo(originalResolvConf);
            assertThat(millis).as("restored within 2 s").isLessThan(2000);
            ExecResult job = runner("curl", "-sS", "--max-time", "5", "http://api.nuget.org:443/");
            assertThat(job.stdout()).as("the orphaned step's job keeps working\n" + job.describe()).isEqualTo("api.nuget.org\n");
        } finally {
            run.destroyForcibly();
            steps.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void startReturnsWithTheReadyFileInPlaceAndStopRemovesIt() throws Exception {
        Path ready = AgentSession.stateDir(sandbox).resolve("ready");
        AgentSession agent = AgentSession.start(sandbox, tmp.resolve("ready"), "--egress-policy", "block");
        assertReadyAfterStart(ready);
        assertThat(agent.stop().exitCode()).isZero();
        assertThat(ready).as("removed at stop").doesNotExist();

        Path custom = tmp.resolve("custom-ready");
        AgentSession audit = AgentSession.start(sandbox, tmp.resolve("ready-audit"), "--egress-policy", "audit",
                "--ready-file", custom.toString());
        assertReadyAfterStart(custom);
        assertThat(audit.stop().exitCode()).isZero();
        assertThat(custom).as("removed at stop").doesNotExist();
    }

    /** Right after {@code agent start} returned: the ready file names the running agent, which already enforces. */
    private static void assertReadyAfterStart(Path ready) throws Exception {
        assertThat(ready).as("written before start returns").exists();
        AgentStatus status = AgentSession.status(sandbox);
        assertThat(status.state()).isEqualTo(AgentStatus.RUNNING);
        assertThat(Files.readString(ready)).as("the ready file names the agent").isEqualTo(status.pid() + "\n");
        assertThat(ProcessHandle.of(status.pid())).as("the agent runs").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        assertThat(AgentSession.tables(sandbox)).contains("table inet runwall");
        java.time.Instant readyAt = Files.getLastModifiedTime(ready).toInstant();
        // file times come from the kernel's coarse clock, up to one tick (at most 10 ms) behind the real time
        assertThat(status.enforcingSince()).as("enforcing since, ready at " + readyAt).isNotNull()
                .isBeforeOrEqualTo(readyAt.plusMillis(10));
    }

    @Test
    void stopLeavesNoTableAndOtherTablesExactlyAsTheyWere() throws Exception {
        ExecResult other = sandbox.exec(Duration.ofSeconds(10), "bash", "-c", """
                nft -f - <<'EOF'
                table inet othertool {
                  set blocked {
                    type ipv4_addr
                    elements = { 198.18.99.1 }
                  }
                  chain out {
                    type filter hook output priority 10; policy accept;
                    ip daddr @blocked counter drop
                  }
                }
                table ip legacy {
                  chain pre {
                    type nat hook prerouting priority -100; policy accept;
                  }
                }
                EOF""");
        assertThat(other.exitCode()).as(other.describe()).isZero();
        String before = ruleset();
        AgentSession agent = AgentSession.start(sandbox, tmp.resolve("tables"), "--egress-policy", "block");
        String during = ruleset();
        assertThat(during).contains("table inet runwall", "table inet othertool", "table ip legacy",
                "elements = { 198.18.99.1 }");
        assertThat(agent.stop().exitCode()).isZero();
        assertThat(ruleset()).isEqualTo(before);
        sandbox.exec(Duration.ofSeconds(10), "nft", "delete", "table", "inet", "othertool").requireSuccess();
        sandbox.exec(Duration.ofSeconds(10), "nft", "delete", "table", "ip", "legacy").requireSuccess();
    }

    @Test
    void aBlockStartThatCannotCompleteExitsNonZeroAndNeverRunsAsAudit() throws Exception {
        Process squatter = sandbox.processBuilder("nc", "-l", "-u", "-k", "127.0.0.1", "53")
                .redirectErrorStream(true).start();
        try {
            Thread.sleep(300);
            ExecResult start = AgentSession.startCommand(sandbox, tmp.resolve("nostart"), "--egress-policy", "block");
            assertThat(start.exitCode()).as(start.describe()).isEqualTo(ExitCodes.STATE);
            assertThat(start.stderr()).contains("the agent did not start (block mode)", "cannot serve DNS",
                    "rules stay in place");
            ExecResult status = AgentSession.runwall(sandbox, "agent", "status", "--json");
            assertThat(status.exitCode()).isEqualTo(ExitCodes.STATE);
            assertThat(status.stdout()).contains("\"alive\" : false", "\"state\" : \"failed\"", "\"mode\" : \"block\"");
            assertThat(AgentSession.tables(sandbox)).as("fail closed").contains("table inet runwall");
            assertThat(runner("curl", "-sS", "--max-time", "5", "http://198.18.66.6/").exitCode()).isEqualTo(7);
        } finally {
            squatter.destroyForcibly().waitFor();
        }
        ExecResult cleanup = AgentSession.runwall(sandbox, "agent", "stop", "--cleanup");
        assertThat(cleanup.exitCode()).as(cleanup.describe()).isZero();
        assertThat(AgentSession.tables(sandbox)).doesNotContain("table inet runwall");
    }

    private static String ruleset() {
        return sandbox.exec(Duration.ofSeconds(10), "nft", "list", "ruleset").requireSuccess().stdout();
    }
}
