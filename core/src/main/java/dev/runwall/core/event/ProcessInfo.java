package dev.runwall.core.event;

import java.util.List;

/**
 * The process that made a call.
 *
 * @param cmdline arguments, with secrets redacted
 * @param parents the parent chain, nearest first
 */
public record ProcessInfo(int pid, int ppid, String name, String exe, List<String> cmdline, List<ProcessRef> parents) {
    public ProcessInfo {
        cmdline = cmdline == null ? List.of() : List.copyOf(cmdline);
        parents = parents == null ? List.of() : List.copyOf(parents);
    }

    public ProcessRef ref() {
        return new ProcessRef(pid, name, exe);
    }
}
