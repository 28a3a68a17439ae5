package dev.runwall.agent.attribution;

import dev.runwall.dns.Transport;
import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcessDescriber;
import dev.runwall.linux.procfs.ProcessLineage;
import dev.runwall.linux.procfs.SocketOwnerFinder;
import java.net.InetSocketAddress;
import java.util.Optional;

/** Socket owner from procfs tables, then the lineage from procfs. */
public final class ProcfsAttributor implements ProcessAttributor {
    private final SocketOwnerFinder owners;
    private final ProcessDescriber describer;

    public ProcfsAttributor(ProcFs proc) {
        this.owners = new SocketOwnerFinder(proc);
        this.describer = new ProcessDescriber(proc);
    }

    @Override
    public Optional<ProcessLineage> lookup(Transport transport, InetSocketAddress client) {
        SocketOwnerFinder.Transport t = transport == Transport.TCP ? SocketOwnerFinder.Transport.TCP : SocketOwnerFinder.Transport.UDP;
        return owners.ownerOf(t, client).flatMap(describer::describe);
    }
}
