package dev.runwall.cli;

import dev.runwall.agent.Agent;
import dev.runwall.agent.daemon.AgentLock;
import dev.runwall.agent.daemon.AgentStatus;
import dev.runwall.linux.procfs.ProcFs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The agent of the current network namespace as {@code status} and {@code stop} see it. */
record AgentPresence(Path stateDir, Optional<AgentStatus> status, boolean alive) {

    static AgentPresence here() {
        ProcFs proc = ProcFs.system();
        if (proc.effectiveUid() != 0) {
            throw new ExitException(ExitCodes.STATE, "runwall agent needs root (the agent's state and rules belong to "
                    + "root); run it with sudo");
        }
        Path stateDir = Agent.defaultStateDir(proc);
        try {
            Optional<AgentStatus> status = AgentStatus.read(stateDir);
            boolean alive = status.isPresent() && AgentLock.isHeld(stateDir)
                    && ProcessHandle.of(status.get().pid()).map(ProcessHandle::isAlive).orElse(false);
            return new AgentPresence(stateDir, status, alive);
        } catch (IOException e) {
            throw new ExitException(ExitCodes.STATE, e.getMessage(), e);
        }
    }

    /** One line saying what state the agent is in. */
    String describe() {
        if (status.isEmpty()) {
            return "no agent has run in this network namespace (no " + stateDir.resolve(AgentStatus.FILE) + ")";
        }
        AgentStatus s = status.get();
        if (alive) {
            return s.state() + ": " + s.mode() + " mode (pid " + s.pid() + "), "
                    + (s.enforcingSince() == null ? "without the kernel firewall, started " + s.startedAt()
                            : "enforced since " + s.enforcingSince())
                    + (s.table() == null ? "" : "; table inet " + s.table() + ", NFLOG group " + s.nflogGroup())
                    + "; events: " + s.eventLog() + (s.reportDir() == null ? "" : "; report at stop: " + s.reportDir());
        }
        return switch (s.state()) {
            case AgentStatus.STOPPED -> "not running: the last agent (" + s.mode() + " mode, pid " + s.pid() + ") stopped";
            case AgentStatus.FAILED -> "not running: the last agent (" + s.mode() + " mode, pid " + s.pid()
                    + ") failed: " + s.message();
            case AgentStatus.DIED -> "not running: " + s.message();
            default -> "not running: the agent (" + s.mode() + " mode, pid " + s.pid() + ") died"
                    + ("block".equals(s.mode()) ? "; its block-mode rules stay in place (fail closed) until "
                            + "'runwall agent stop --cleanup' or a new start" : "");
        };
    }
}
