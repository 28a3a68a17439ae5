package dev.runwall.agent.internal;

import dev.runwall.agent.daemon.Supervisor;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.core.event.AgentEvent;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the audit-mode supervisor as its own process, detached from the agent's standard streams. */
public final class SupervisorLauncher {
    /** A small heap and no JIT tiers beyond C1: it waits on a lock and does a few file operations. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k");

    private SupervisorLauncher() {}

    /**
     * @param runwallCommand java, its options, class path and main class of runwall; empty: no supervisor
     * @return the supervisor, or null when none was asked for or it could not start (logged as a warning)
     */
    public static Process start(List<String> runwallCommand, Path stateDir, long agentPid, EventLog log, Clock clock) {
        if (runwallCommand.isEmpty()) {
            return null;
        }
        List<String> command = new ArrayList<>();
        command.add(runwallCommand.getFirst());
        command.addAll(JVM_OPTIONS);
        command.addAll(runwallCommand.subList(1, runwallCommand.size()));
        command.addAll(Supervisor.arguments(stateDir, agentPid));
        File out = stateDir.resolve("supervisor.log").toFile();
        try {
            return new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                    .redirectOutput(out).redirectErrorStream(true).start();
        } catch (IOException e) {
            log.append(new AgentEvent(clock.instant(), AgentEvent.WARNING, "audit", null, "no supervisor: cannot start "
                    + command.getFirst() + " (" + e.getMessage() + "); if the agent dies, run 'runwall agent stop --cleanup'",
                    Map.of()));
            return null;
        }
    }

    /** After a clean stop the supervisor sees status {@code stopped} and exits by itself; give it a moment. */
    public static void awaitExit(Process supervisor) {
        if (supervisor == null) {
            return;
        }
        try {
            if (!supervisor.waitFor(5, TimeUnit.SECONDS)) {
                supervisor.destroy();
            }
        } catch (InterruptedException e) {
            supervisor.destroy();
            Thread.currentThread().interrupt();
        }
    }
}
