package dev.runwall.agent.attribution;

import dev.runwall.agent.process.ProcessTable;
import dev.runwall.agent.process.ProcessViews;
import dev.runwall.dns.Transport;
import dev.runwall.linux.procfs.ProcStat;
import dev.runwall.linux.procfs.ProcessLineage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Finds a socket's owner with another attributor, then gives its lineage from the process table: the
 * parents that started the process, not the ones procfs shows after reparenting (a daemon whose parent
 * exited shows init as its parent in procfs). Falls back to the procfs lineage for a process the table
 * cannot place.
 */
public final class TableLineageAttributor implements ProcessAttributor {
    private final ProcessAttributor owners;
    private final ProcessTable table;

    public TableLineageAttributor(ProcessAttributor owners, ProcessTable table) {
        this.owners = owners;
        this.table = table;
    }

    /** How long a lookup waits for the audit stream to reach the moment of the query. */
    static final Duration CATCH_UP = Duration.ofMillis(150);

    @Override
    public Optional<ProcessLineage> lookup(Transport transport, InetSocketAddress client) {
        Instant asked = Instant.now();
        Optional<ProcessLineage> procfs = owners.lookup(transport, client); // first: the socket is open now
        if (procfs.isEmpty()) {
            return procfs;
        }
        ProcessLineage l = procfs.get();
        if (!known(l)) {
            table.awaitObserved(asked, CATCH_UP); // its execve (and fork) records may still be on their way
        }
        return Optional.of(fromTable(l));
    }

    /** Completes at once when the table knows the owner already; waits for the audit stream on {@code slow}. */
    @Override
    public CompletableFuture<Optional<ProcessLineage>> lookupAsync(Transport transport, InetSocketAddress client,
            Executor slow) {
        Instant asked = Instant.now();
        return owners.lookupAsync(transport, client, slow).thenCompose(procfs -> {
            if (procfs.isEmpty()) {
                return CompletableFuture.completedFuture(procfs);
            }
            ProcessLineage l = procfs.get();
            if (known(l)) {
                return CompletableFuture.completedFuture(Optional.of(fromTable(l)));
            }
            return CompletableFuture.supplyAsync(() -> {
                table.awaitObserved(asked, CATCH_UP); // its execve (and fork) records may still be on their way
                return Optional.of(fromTable(l));
            }, slow);
        });
    }

    @Override
    public void runDeferred() {
        owners.runDeferred();
    }

    @Override
    public java.util.Map<String, Long> counters() {
        return owners.counters();
    }

    /**
     * Whether the table has this very process (pid and start time) already, under the name procfs shows: a
     * child whose fork the audit stream has delivered but not yet its execve still shows its parent's program
     * (the reader takes records in bunches, a few milliseconds apart). The name (comm), not the executable's
     * path: a container process's path reads differently from the host than in its own audit record.
     */
    private boolean known(ProcessLineage l) {
        ProcStat self = l.self();
        return table.current(self.pid())
                .filter(n -> n.startTime() == self.startTime() && self.comm().equals(n.image().name()))
                .isPresent();
    }

    /** The lineage from the table (original parents), or procfs's when the table cannot place the process. */
    private ProcessLineage fromTable(ProcessLineage l) {
        return table.find(l.self()).map(ProcessViews::lineage).orElse(l);
    }
}
