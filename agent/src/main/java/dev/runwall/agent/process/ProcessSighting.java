package dev.runwall.agent.process;

import java.time.Instant;
import java.util.List;

/**
 * A process as one audit record describes it at the moment of a syscall.
 *
 * @param uid the real uid, -1 when unknown
 * @param sessionId the process's session (setsid), -1 when unknown: procfs fills it while the process runs
 * @param exe the executable path, or null
 * @param argv for an execve, the new argument vector (unredacted); empty otherwise
 */
public record ProcessSighting(Instant time, int pid, int ppid, int uid, int sessionId, String comm, String exe,
        List<String> argv) {
    public ProcessSighting {
        argv = List.copyOf(argv);
    }
}
