package dev.runwall.linux.procfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a process and its parent chain from procfs. */
public final class ProcessDescriber {
    private static final int MAX_DEPTH = 128;
    private final ProcFs proc;

    public ProcessDescriber(ProcFs proc) {
        this.proc = proc;
    }

    /** The lineage of {@code pid}, or empty when the process is already gone. */
    public Optional<ProcessLineage> describe(int pid) {
        Optional<ProcStat> self = proc.stat(pid);
        if (self.isEmpty()) {
            return Optional.empty();
        }
        List<ProcStat> chain = new ArrayList<>();
        List<String> exes = new ArrayList<>();
        List<String> cmdline = proc.cmdline(pid);
        ProcStat current = self.get();
        while (current != null && chain.size() < MAX_DEPTH) {
            chain.add(current);
            exes.add(proc.exe(current.pid()).orElse(null));
            if (current.ppid() <= 0 || current.ppid() == current.pid()) {
                break;
            }
            current = proc.stat(current.ppid()).orElse(null);
        }
        return Optional.of(new ProcessLineage(chain, exes, cmdline));
    }
}
