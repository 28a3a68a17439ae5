package dev.runwall.core.event;

import java.util.List;

/**
 * The process that made a call.
 *
 * @param cmdline arguments, with secrets redacted
 * @param parents the parent chain, nearest first: the process's parents as they were when it started
 *     (a process reparented to init or a subreaper still shows the parents that started it)
 * @param exeSha256 SHA-256 of the executable (hex), or null when it could not be read in time
 * @param uid the real uid, or null when unknown
 * @param container id of the container the process runs in (from its cgroup), or null on the host
 */
public record ProcessInfo(
        int pid,
        int ppid,
        String name,
        String exe,
        List<String> cmdline,
        List<ProcessRef> parents,
        String exeSha256,
        Integer uid,
        String container) {
    public ProcessInfo {
        cmdline = cmdline == null ? List.of() : List.copyOf(cmdline);
        parents = parents == null ? List.of() : List.copyOf(parents);
    }

    /** A process without executable hash, uid or container (as procfs-only attribution knows it). */
    public ProcessInfo(int pid, int ppid, String name, String exe, List<String> cmdline, List<ProcessRef> parents) {
        this(pid, ppid, name, exe, cmdline, parents, null, null, null);
    }

    public ProcessRef ref() {
        return new ProcessRef(pid, name, exe);
    }

    /** This process with the executable hash filled in. */
    public ProcessInfo withExeSha256(String sha256) {
        return new ProcessInfo(pid, ppid, name, exe, cmdline, parents, sha256, uid, container);
    }
}
