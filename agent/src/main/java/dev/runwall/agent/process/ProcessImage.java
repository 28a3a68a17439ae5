package dev.runwall.agent.process;

import java.util.List;

/**
 * What a process runs: replaced as a whole by every execve, so readers never see half of an update.
 *
 * @param name the kernel's comm
 * @param exe the executable path, or null when unknown
 * @param arguments the arguments, redacted when read ({@link #cmdline()})
 * @param uid the real uid, -1 when unknown
 * @param sessionId the session id, -1 when unknown
 * @param cgroup the cgroup v2 path ({@code 0::} line of /proc/PID/cgroup), or null when unknown
 * @param container the container id found in the cgroup path, or null
 */
public record ProcessImage(String name, String exe, CommandLine arguments, int uid, int sessionId, String cgroup,
        String container) {

    /** The arguments, secrets redacted. */
    public List<String> cmdline() {
        return arguments.redacted();
    }

    /** This image with the cgroup (and the container derived from it) replaced. */
    public ProcessImage inCgroup(String cgroupPath, String containerId) {
        return new ProcessImage(name, exe, arguments, uid, sessionId, cgroupPath, containerId);
    }
}
