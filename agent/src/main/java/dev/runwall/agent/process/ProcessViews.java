package dev.runwall.agent.process;

import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.event.ProcessRef;
import dev.runwall.linux.procfs.ProcStat;
import dev.runwall.linux.procfs.ProcessLineage;
import java.util.ArrayList;
import java.util.List;

/** A node of the {@link ProcessTable} in the forms events and step resolvers take. */
public final class ProcessViews {
    private ProcessViews() {}

    /** The event form: the process, its parent chain (nearest first), executable hash, uid and container. */
    public static ProcessInfo info(ProcessNode node, ExecutableHashes hashes) {
        return info(node, node.image(), hashes);
    }

    /** As {@link #info(ProcessNode, ExecutableHashes)}, with the program it ran at one moment (a syscall). */
    public static ProcessInfo info(ProcessNode node, ProcessImage image, ExecutableHashes hashes) {
        List<ProcessNode> chain = ProcessTable.chain(node);
        List<ProcessRef> parents = new ArrayList<>(chain.size() - 1);
        for (int i = 1; i < chain.size(); i++) {
            ProcessNode p = chain.get(i);
            parents.add(new ProcessRef(p.pid(), p.image().name(), p.image().exe()));
        }
        String sha256 = hashes.lookup(image.exe()).orElse(null);
        if (sha256 == null && !node.exited()) {
            hashes.request(node.pid(), image.exe()); // a process older than the agent: hashed when it first calls
        }
        return new ProcessInfo(node.pid(), node.ppid(), image.name(), image.exe(), image.cmdline(), parents, sha256,
                image.uid() < 0 ? null : image.uid(), image.container());
    }

    /**
     * The procfs form ({@link ProcessLineage}) built from the table, so code written for procfs lineages
     * (step resolvers, {@code toProcessInfo}) sees the original parents. Command lines are already redacted.
     */
    public static ProcessLineage lineage(ProcessNode node) {
        List<ProcStat> stats = new ArrayList<>();
        List<String> exes = new ArrayList<>();
        for (ProcessNode n : ProcessTable.chain(node)) {
            ProcessImage image = n.image();
            stats.add(new ProcStat(n.pid(), image.name(), n.exited() ? 'X' : 'S', n.ppid(), image.sessionId(), n.startTime()));
            exes.add(image.exe());
        }
        return new ProcessLineage(stats, exes, node.image().cmdline());
    }
}
