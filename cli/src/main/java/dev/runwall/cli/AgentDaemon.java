package dev.runwall.cli;

import dev.runwall.agent.Agent;
import dev.runwall.agent.daemon.AgentLock;
import dev.runwall.agent.daemon.AgentStatus;
import dev.runwall.agent.firewall.EarlyRules;
import dev.runwall.agent.firewall.FirewallOptions;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.DnsProxyConfig;
import dev.runwall.linux.nft.NftException;
import java.time.Instant;
import dev.runwall.linux.procfs.ProcFs;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts {@code runwall agent start --foreground} as a daemon in its own session (so a terminal's Ctrl-C
 * does not reach it), with its output in {@code STATE/agent.log}, and waits until its {@code agent.json}
 * says it runs and its ready file names it, or it failed, or it died.
 */
final class AgentDaemon {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration POLL = Duration.ofMillis(20);

    private final PrintWriter err;

    AgentDaemon(PrintWriter err) {
        this.err = err;
    }

    /**
     * @param readyFile the {@code --ready-file}, or null for {@code STATE/ready}
     */
    int start(List<String> originalArgs, EgressPolicy policy, FirewallOptions firewall, Path readyFile,
            Duration timeout) throws IOException, InterruptedException {
        EgressMode mode = policy.mode();
        ProcFs proc = ProcFs.system();
        if (proc.effectiveUid() != 0) {
            throw new ExitException(ExitCodes.STATE, "the agent must run as root (it serves DNS on port 53, programs "
                    + "nftables and rewrites /etc/resolv.conf); run it with sudo");
        }
        Path stateDir = Agent.defaultStateDir(proc);
        if (AgentLock.isHeld(stateDir)) {
            String who = AgentStatus.read(stateDir).map(s -> " (pid " + s.pid() + ", " + s.mode() + " mode since "
                    + s.startedAt() + ")").orElse("");
            throw new ExitException(ExitCodes.STATE, "an agent already runs in this network namespace" + who
                    + ": stop it with 'runwall agent stop' first");
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(SelfCommand.current());
        command.addAll(originalArgs);
        command.add("--foreground");
        if (mode == EgressMode.BLOCK && firewall.enabled()) {
            command.addAll(List.of("--enforced-since", enforceNow(policy, firewall).toString()));
        }
        Path ready = readyFile != null ? readyFile : stateDir.resolve("ready");
        Path log = stateDir.resolve("agent.log");
        Files.createDirectories(stateDir);
        Process daemon = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<AgentStatus> status = readQuietly(stateDir).filter(s -> s.pid() == daemon.pid());
            // the agent writes its ready file just after agent.json says running: return only once both say so
            if (status.isPresent() && AgentStatus.RUNNING.equals(status.get().state()) && names(ready, daemon.pid())) {
                AgentStatus s = status.get();
                err.println("runwall: agent running in " + s.mode() + " mode (pid " + s.pid() + ")"
                        + (s.enforcingSince() == null ? ", without the kernel firewall"
                                : ", firewall enforcing since " + s.enforcingSince())
                        + "; stop it with 'runwall agent stop'");
                err.flush();
                return ExitCodes.OK;
            }
            if (!daemon.isAlive() || status.map(s -> AgentStatus.FAILED.equals(s.state())).orElse(false)) {
                daemon.waitFor();
                throw new ExitException(ExitCodes.STATE, "the agent did not start (" + mode.label() + " mode):\n"
                        + tail(log) + failClosedNote(mode));
            }
            if (System.nanoTime() > deadline) {
                daemon.destroy();
                throw new ExitException(ExitCodes.STATE, "the agent did not become ready within " + timeout.toSeconds()
                        + " s and was stopped; its output:\n" + tail(log) + failClosedNote(mode));
            }
            Thread.sleep(POLL);
        }
    }

    /** Block mode holds from here on, before the agent's own JVM has started (see EarlyRules). */
    private static Instant enforceNow(EgressPolicy policy, FirewallOptions firewall) {
        try {
            return EarlyRules.install(policy, firewall, DnsProxyConfig.defaultListen());
        } catch (NftException e) {
            throw new ExitException(ExitCodes.STATE, "cannot put the block-mode rules in place: " + e.getMessage()
                    + ". Block mode needs nftables; it never falls back to DNS blocking alone.", e);
        }
    }

    private static String failClosedNote(EgressMode mode) {
        if (mode == EgressMode.BLOCK) {
            return "\nThe block-mode rules stay in place (fail closed): run 'runwall agent stop --cleanup' to remove them.";
        }
        return "";
    }

    /** Whether the ready file is there and names this process (a killed agent's stale one names another). */
    private static boolean names(Path ready, long pid) {
        try {
            return Files.readString(ready, StandardCharsets.UTF_8).strip().equals(Long.toString(pid));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<AgentStatus> readQuietly(Path stateDir) {
        try {
            return AgentStatus.read(stateDir);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "  (no output: " + e.getMessage() + ")";
        }
    }
}
