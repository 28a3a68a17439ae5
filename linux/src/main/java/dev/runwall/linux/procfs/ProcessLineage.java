package dev.runwall.linux.procfs;

import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.event.ProcessRef;
import dev.runwall.core.event.SecretRedactor;
import java.util.ArrayList;
import java.util.List;

/**
 * A process and its ancestry as read at one moment.
 *
 * @param chain the process first, then its parent, up to pid 1 (or as far as could be read)
 * @param exes the executable of each process in {@code chain} (null when unreadable)
 * @param cmdline the process's own arguments, unredacted
 */
public record ProcessLineage(List<ProcStat> chain, List<String> exes, List<String> cmdline) {
    public ProcessLineage {
        chain = List.copyOf(chain);
        exes = java.util.Collections.unmodifiableList(new ArrayList<>(exes));
        cmdline = List.copyOf(cmdline);
    }

    public ProcStat self() {
        return chain.getFirst();
    }

    /** Whether the process identified by pid and start time is this process or one of its ancestors. */
    public boolean descendsFrom(int pid, long startTime) {
        for (ProcStat s : chain) {
            if (s.pid() == pid && s.startTime() == startTime) {
                return true;
            }
        }
        return false;
    }

    /** The event form, with the command line redacted. */
    public ProcessInfo toProcessInfo() {
        ProcStat self = self();
        List<ProcessRef> parents = new ArrayList<>();
        for (int i = 1; i < chain.size(); i++) {
            parents.add(new ProcessRef(chain.get(i).pid(), chain.get(i).comm(), exes.get(i)));
        }
        return new ProcessInfo(self.pid(), self.ppid(), self.comm(), exes.getFirst(),
                SecretRedactor.redactArgs(cmdline), parents);
    }
}
