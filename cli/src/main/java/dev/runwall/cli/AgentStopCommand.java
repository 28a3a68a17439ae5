package dev.runwall.cli;

import dev.runwall.agent.daemon.AgentLock;
import dev.runwall.agent.daemon.AgentStatus;
import dev.runwall.agent.daemon.Leftovers;
import dev.runwall.agent.firewall.FirewallOptions;
import dev.runwall.agent.report.ReportWriter;
import dev.runwall.linux.nft.NftException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runwall agent stop}: stop the agent; it writes the report into its report directory. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = {
            "Stop the agent of the current network namespace: restore /etc/resolv.conf, remove the nftables table, "
                    + "write report.json and summary.md into the --report-dir given at start.",
            "",
            "If the agent died (killed, crashed), its block-mode rules are still in the kernel on purpose (fail "
                    + "closed): stop then exits 3 and says so; --cleanup removes them, restores the resolver "
                    + "configuration and writes the report from the event log.",
        })
public final class AgentStopCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--cleanup", description = "Also remove what a dead agent left behind (its table, the resolver "
            + "redirect), and write its report from the event log.")
    boolean cleanup;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the agent to stop. "
            + "Default: ${DEFAULT-VALUE}.")
    int timeout = 30;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        AgentPresence before = AgentPresence.here();
        if (before.alive()) {
            stopLive(before);
        }
        AgentPresence presence = before.alive() ? AgentPresence.here() : before;
        Optional<AgentStatus> status = presence.status();
        String table = status.map(AgentStatus::table).orElse(FirewallOptions.DEFAULT_TABLE);
        boolean leftovers = leftovers(presence.stateDir(), table);
        if (status.isEmpty() && !leftovers) {
            err.println("runwall: no agent runs in this network namespace, and nothing of one is left");
            err.flush();
            return cleanup ? ExitCodes.OK : ExitCodes.STATE;
        }
        if (leftovers && !cleanup) {
            throw new ExitException(ExitCodes.STATE, "runwall agent " + presence.describe() + ". Its rules and resolver "
                    + "redirect are still in place; run 'runwall agent stop --cleanup' to remove them and write the report.");
        }
        if (leftovers) {
            Leftovers.Cleanup done = Leftovers.clean(presence.stateDir(), table);
            err.println("runwall: cleaned up after the agent: " + (done.tableRemoved() ? "removed table inet " + table
                    : "no table left") + ", " + (done.resolverRestored() ? "restored the resolver configuration"
                            : "resolver configuration intact"));
            if (!done.problems().isEmpty()) {
                throw new ExitException(ExitCodes.STATE, String.join("; ", done.problems()));
            }
        }
        status.ifPresent(s -> finish(s, presence.stateDir(), err));
        err.flush();
        return ExitCodes.OK;
    }

    private void stopLive(AgentPresence presence) throws InterruptedException {
        AgentStatus s = presence.status().orElseThrow();
        ProcessHandle agent = ProcessHandle.of(s.pid()).orElse(null);
        if (agent == null) {
            return;
        }
        agent.destroy(); // SIGTERM: the agent's shutdown hook stops it and writes the report
        try {
            agent.onExit().get(timeout, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ExitException(ExitCodes.STATE, "the agent (pid " + s.pid() + ") did not stop within " + timeout
                    + " s; it is still running");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        // the agent lets go of its lock before it exits; wait for a supervisor holding it for a moment
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (isHeld(presence.stateDir()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Writes the report if the agent could not (it died), and says where it is. */
    private void finish(AgentStatus s, Path stateDir, PrintWriter err) {
        if (s.reportDir() == null) {
            return;
        }
        Path dir = Path.of(s.reportDir());
        try {
            if (!Files.exists(dir.resolve(ReportWriter.REPORT)) && s.eventLog() != null
                    && Files.exists(Path.of(s.eventLog()))) {
                ReportWriter.write(Path.of(s.eventLog()), dir, s.job());
            }
            if (!s.endedCleanly()) {
                s.with(AgentStatus.STOPPED, "cleaned up after: " + s.message()).write(stateDir);
            }
        } catch (IOException e) {
            throw new ExitException(ExitCodes.STATE, "could not write the report into " + dir + ": " + e.getMessage(), e);
        }
        err.println("runwall: report in " + dir + " (summary.md, report.json, events.jsonl)");
    }

    private static boolean leftovers(Path stateDir, String table) {
        try {
            return Leftovers.present(stateDir, table);
        } catch (NftException e) {
            throw new ExitException(ExitCodes.STATE, "cannot list the nftables tables: " + e.getMessage(), e);
        }
    }

    private static boolean isHeld(Path stateDir) {
        try {
            return AgentLock.isHeld(stateDir);
        } catch (IOException e) {
            return false;
        }
    }
}
