package dev.runwall.agent.attribution;

import dev.runwall.agent.process.ProcessTable;
import dev.runwall.agent.process.ProcessViews;
import dev.runwall.dns.Transport;
import dev.runwall.linux.procfs.ProcessLineage;
import java.net.InetSocketAddress;
import java.util.Optional;

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

    @Override
    public Optional<ProcessLineage> lookup(Transport transport, InetSocketAddress client) {
        Optional<ProcessLineage> procfs = owners.lookup(transport, client);
        return procfs.map(l -> table.find(l.self()).map(ProcessViews::lineage).orElse(l));
    }
}
