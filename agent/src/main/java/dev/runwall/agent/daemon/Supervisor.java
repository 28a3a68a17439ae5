package dev.runwall.agent.daemon;

import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.firewall.Firewall;
import dev.runwall.core.event.AgentEvent;
import dev.runwall.dns.resolvconf.ResolvConfRedirect;
import dev.runwall.dns.resolvconf.RestoreResult;
import dev.runwall.linux.nft.Nft;
import dev.runwall.linux.nft.NftException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Audit mode fails open: if the agent dies, the job must keep working. The supervisor is a small separate
 * process the agent starts ({@code runwall agent supervise}); it blocks on the {@link AgentLock} until the
 * agent lets go of it. A clean stop leaves status {@code stopped} and the supervisor simply exits;
 * otherwise the agent died, and the supervisor puts the runner's resolver configuration back and removes
 * the audit table, at once (the kernel releases the lock the moment the agent's process is gone).
 *
 * <p>Holding the lock while it restores means a new agent cannot start in the middle of it.
 */
public final class Supervisor {
    /** The arguments of {@code runwall agent supervise}, after the command itself. */
    public static List<String> arguments(Path stateDir, long agentPid) {
        return List.of("agent", "supervise", "--state", stateDir.toString(), "--pid", Long.toString(agentPid));
    }

    /** What the supervisor found and did. */
    public record Outcome(boolean agentDied, boolean resolverRestored, boolean tableRemoved, List<String> problems) {}

    private Supervisor() {}

    /** Waits for the agent {@code agentPid} to stop or die, and restores after it if it died. */
    public static Outcome watch(Path stateDir, long agentPid, Clock clock) throws IOException {
        AgentLock lock = AgentLock.acquire(stateDir); // returns when the agent let go of it, or died
        try {
            Optional<AgentStatus> status = AgentStatus.read(stateDir);
            if (status.isEmpty() || status.get().pid() != agentPid || status.get().endedCleanly()
                    || AgentStatus.FAILED.equals(status.get().state())) {
                return new Outcome(false, false, false, List.of());
            }
            return restore(stateDir, status.get(), clock);
        } finally {
            lock.close();
        }
    }

    private static Outcome restore(Path stateDir, AgentStatus status, Clock clock) throws IOException {
        List<String> problems = new ArrayList<>();
        RestoreResult resolver = RestoreResult.nothing();
        try {
            resolver = ResolvConfRedirect.restoreFromState(stateDir);
        } catch (IOException e) {
            problems.add("could not restore the resolver configuration: " + e.getMessage());
        }
        boolean tableRemoved = false;
        if ("audit".equals(status.mode()) && status.table() != null) {
            try (Nft nft = Nft.open()) {
                tableRemoved = Firewall.removeIfPresent(nft, status.table());
            } catch (NftException e) {
                problems.add("could not remove the table inet " + status.table() + ": " + e.getMessage());
            }
        }
        String message = "the agent (pid " + status.pid() + ") died; the supervisor "
                + (resolver.restored() ? "restored the resolver configuration" : "found the resolver configuration intact")
                + (tableRemoved ? " and removed the audit rules" : "") + " (audit mode fails open)"
                + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        if (status.eventLog() != null) {
            try (EventLog log = EventLog.open(Path.of(status.eventLog()))) {
                log.append(new AgentEvent(clock.instant(), AgentEvent.WARNING, status.mode(), null, message, Map.of()));
            } catch (IOException | RuntimeException e) {
                problems.add("could not append to the event log: " + e.getMessage());
            }
        }
        status.with(AgentStatus.DIED, message).write(stateDir);
        return new Outcome(true, resolver.restored(), tableRemoved, List.copyOf(problems));
    }
}
