package dev.runwall.agent.attribution;

import dev.runwall.dns.Transport;
import dev.runwall.linux.procfs.ProcessLineage;
import java.net.InetSocketAddress;
import java.util.Optional;

/** Finds the process (with its ancestry) that owns a client socket of the DNS proxy. */
public interface ProcessAttributor {
    /**
     * @param client the client's socket address as the proxy sees it
     * @return the lineage, or empty when the socket or its process is already gone
     */
    Optional<ProcessLineage> lookup(Transport transport, InetSocketAddress client);

    /**
     * The same lookup when it can be answered from what is already known, without scanning procfs or
     * waiting for other threads (a kernel socket lookup is fine): for the DNS proxy's receive thread.
     *
     * @return the lookup's result, or null when only the full {@link #lookup} can tell
     */
    default Optional<ProcessLineage> lookupWithoutWaiting(Transport transport, InetSocketAddress client) {
        return null;
    }
}
