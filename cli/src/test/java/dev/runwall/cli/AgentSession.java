package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.daemon.AgentStatus;
import dev.runwall.agent.eventlog.EventLogReader;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.report.Report;
import dev.runwall.core.report.ReportJson;
import dev.runwall.sandbox.ExecResult;
import dev.runwall.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A {@code runwall agent} daemon in a sandbox's runner namespace, driven through the packaged jar. */
final class AgentSession {
    private final Sandbox sandbox;
    private final Path reportDir;

    private AgentSession(Sandbox sandbox, Path reportDir) {
        this.sandbox = sandbox;
        this.reportDir = reportDir;
    }

    /** {@code runwall agent start ARGS --report-dir DIR}; fails the test unless it exits 0. */
    static AgentSession start(Sandbox sandbox, Path reportDir, String... args) {
        ExecResult r = startCommand(sandbox, reportDir, args);
        assertThat(r.exitCode()).as("agent start\n" + r.describe()).isZero();
        return new AgentSession(sandbox, reportDir);
    }

    static ExecResult startCommand(Sandbox sandbox, Path reportDir, String... args) {
        List<String> command = new ArrayList<>(List.of("agent", "start"));
        command.addAll(List.of(args));
        command.addAll(List.of("--report-dir", reportDir.toString()));
        return RunwallProcess.run(sandbox, command.toArray(String[]::new));
    }

    /** The state directory of the runner namespace's agent. */
    static Path stateDir(Sandbox sandbox) {
        try {
            Object inode = Files.getAttribute(Path.of("/run/netns", sandbox.runnerNamespace()), "unix:ino");
            return Path.of("/run/runwall/netns-" + inode);
        } catch (IOException e) {
            throw new IllegalStateException("no namespace file for " + sandbox.runnerNamespace(), e);
        }
    }

    /** Removes the runner namespace's agent state (before the namespace goes: its inode may be reused). */
    static void forgetState(Sandbox sandbox) {
        Path dir = stateDir(sandbox);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // nothing there
        }
    }

    static AgentStatus status(Sandbox sandbox) {
        try {
            return AgentStatus.read(stateDir(sandbox)).orElseThrow(() -> new AssertionError("no agent.json"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code nft list tables} in the runner namespace. */
    static String tables(Sandbox sandbox) {
        return sandbox.exec(Duration.ofSeconds(10), "nft", "list", "tables").requireSuccess().stdout();
    }

    static ExecResult runwall(Sandbox sandbox, String... args) {
        return RunwallProcess.run(sandbox, args);
    }

    Path reportDir() {
        return reportDir;
    }

    ExecResult stop() {
        return RunwallProcess.run(sandbox, "agent", "stop");
    }

    /** SIGKILL, the way an OOM killer or a crashing runner ends the agent. */
    void kill() throws Exception {
        ProcessHandle agent = ProcessHandle.of(status(sandbox).pid()).orElseThrow();
        agent.destroyForcibly();
        agent.onExit().get();
    }

    List<Event> events() throws IOException {
        return EventLogReader.read(reportDir.resolve("events.jsonl")).events();
    }

    /** Waits (at most 10 s) for a connection event in the event log; the flow log writes it within milliseconds. */
    ConnectionEvent awaitConnection(String what, Predicate<ConnectionEvent> wanted) throws Exception {
        return awaitEvent(ConnectionEvent.class, what, wanted);
    }

    /** Waits (at most 10 s) for a DNS event in the event log, which a writer thread appends after the answer. */
    DnsEvent awaitDns(String what, Predicate<DnsEvent> wanted) throws Exception {
        return awaitEvent(DnsEvent.class, what, wanted);
    }

    private <T extends Event> T awaitEvent(Class<T> kind, String what, Predicate<T> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<T> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = events().stream().filter(kind::isInstance).map(kind::cast).toList();
            for (T e : seen) {
                if (wanted.test(e)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + kind.getSimpleName() + " for " + what + " within 10 s; events of that kind:\n  "
                + String.join("\n  ", seen.stream().map(Object::toString).toList()));
    }

    /**
     * Asserts that {@code report} holds each of {@code expected} (events seen live in the event log) with the
     * same address, port, protocol, path, verdict and name.
     */
    static void assertReportHolds(Report report, List<ConnectionEvent> expected) {
        List<ConnectionEvent> reported = report.events().stream().filter(ConnectionEvent.class::isInstance)
                .map(ConnectionEvent.class::cast).toList();
        for (ConnectionEvent e : expected) {
            assertThat(reported).as("the report holds " + e).anySatisfy(r -> {
                assertThat(r.ip()).isEqualTo(e.ip());
                assertThat(r.port()).isEqualTo(e.port());
                assertThat(r.protocol()).isEqualTo(e.protocol());
                assertThat(r.path()).isEqualTo(e.path());
                assertThat(r.verdict()).isEqualTo(e.verdict());
                assertThat(r.domain()).isEqualTo(e.domain());
            });
        }
    }

    Report report() throws Exception {
        return ReportJson.read(reportDir.resolve("report.json"));
    }
}
