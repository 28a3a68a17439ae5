package dev.runwall.agent.internal;

import dev.runwall.agent.daemon.AgentLock;
import dev.runwall.agent.daemon.AgentStatus;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.core.event.AgentEvent;
import dev.runwall.dns.resolvconf.ResolvConfRedirect;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Undoes a start that failed half-way, in reverse order. What stays: in block mode, rules that were
 * already in the kernel (the firewall part decides; see {@link FirewallStartup#close()}).
 */
public final class StartUnwind {
    private final AgentLock lock;
    private final Path stateDir;
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private EventLog log;
    private ResolvConfRedirect redirect;

    public StartUnwind(AgentLock lock, Path stateDir) {
        this.lock = lock;
        this.stateDir = stateDir;
    }

    /** Registers a part to close if the start fails; returns it. */
    public <T extends AutoCloseable> T add(T part) {
        if (part instanceof EventLog l) {
            log = l;
        }
        parts.push(part);
        return part;
    }

    public ExecutorService add(ExecutorService executor) {
        parts.push(executor::shutdown);
        return executor;
    }

    /** The resolver configuration was redirected: put it back if the start fails after all. */
    public void redirected(ResolvConfRedirect r) {
        redirect = r;
    }

    /** Closes everything started, records the failure in the log and in {@code agent.json}, lets go of the lock. */
    public void abort(AgentStatus status, boolean block, String message) {
        if (redirect != null) {
            try {
                redirect.restore();
            } catch (IOException e) {
                message += "; could not restore the resolver configuration: " + e.getMessage();
            }
        }
        if (log != null) {
            try {
                log.append(new AgentEvent(Instant.now(), AgentEvent.WARNING, status.mode(), null,
                        "the agent could not start: " + message, Map.of()));
            } catch (RuntimeException ignored) {
                // the start failure is what the caller reports
            }
        }
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception ignored) {
                // closing after a failed start; the start failure is what the user needs to see
            }
        }
        boolean rulesKept = block && status.enforcingSince() != null;
        try {
            status.with(AgentStatus.FAILED, message + (rulesKept ? " (the block-mode rules stay in place: run "
                    + "'runwall agent stop --cleanup' to remove them)" : "")).write(stateDir);
        } catch (IOException ignored) {
            // informational
        }
        lock.close();
    }
}
