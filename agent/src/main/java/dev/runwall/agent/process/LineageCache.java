package dev.runwall.agent.process;

import dev.runwall.linux.procfs.ProcessLineage;
import java.util.List;

/**
 * The lineage last built from the process table ({@link ProcessViews#lineage}), given again as the same
 * object while nothing it was built from changed. A resolver's sockets (dnsperf's eight, glibc's A and AAAA)
 * are looked up one by one in a batch, and what comes after (the description of the process for its events,
 * the event's JSON) recognises a lineage by identity first; a new, equal lineage for every socket cost each of
 * those a full comparison. Thread-safe: one immutable entry, replaced whole.
 */
public final class LineageCache {
    /** What a lineage was built from: the chain's nodes and, read before it was built, their changing parts. */
    private record Built(ProcessNode[] chain, ProcessImage[] images, long[] starts, boolean[] exited,
            ProcessLineage lineage) {
        boolean stillFor(ProcessNode node) {
            if (chain[0] != node) {
                return false;
            }
            for (int i = 0; i < chain.length; i++) { // parents are fixed at creation: only these can change
                ProcessNode n = chain[i];
                if (n.image() != images[i] || n.startTime() != starts[i] || n.exited() != exited[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private volatile Built last;

    /** The lineage of {@code node}: the one given last time when it still holds, else a new one. */
    public ProcessLineage lineage(ProcessNode node) {
        Built b = last;
        if (b != null && b.stillFor(node)) {
            return b.lineage();
        }
        List<ProcessNode> chain = ProcessTable.chain(node);
        int n = chain.size();
        ProcessImage[] images = new ProcessImage[n];
        long[] starts = new long[n];
        boolean[] exited = new boolean[n];
        for (int i = 0; i < n; i++) { // read before building: a change in between only forces a rebuild later
            ProcessNode p = chain.get(i);
            images[i] = p.image();
            starts[i] = p.startTime();
            exited[i] = p.exited();
        }
        ProcessLineage lineage = ProcessViews.lineage(node);
        last = new Built(chain.toArray(ProcessNode[]::new), images, starts, exited, lineage);
        return lineage;
    }
}
