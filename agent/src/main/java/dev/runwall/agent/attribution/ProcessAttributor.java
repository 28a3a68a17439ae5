package dev.runwall.agent.attribution;

import dev.runwall.dns.Transport;
import dev.runwall.linux.procfs.ProcessLineage;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Finds the process (with its ancestry) that owns a client socket of the DNS proxy. */
public interface ProcessAttributor {
    /**
     * @param client the client's socket address as the proxy sees it
     * @return the lineage, or empty when the socket or its process is already gone
     */
    Optional<ProcessLineage> lookup(Transport transport, InetSocketAddress client);

    /**
     * The same lookup without holding up the calling thread (the DNS proxy's receive thread): the result
     * completes later, on whatever thread finishes it; slow parts (a procfs scan, waiting for the audit
     * stream) run on {@code slow}. The default runs {@link #lookup} there. An attributor may put the kernel
     * lookup off until the caller's next {@link #runDeferred}, to answer several lookups at once: a caller
     * calls it before it waits (for the result, or for its next piece of work).
     */
    default CompletableFuture<Optional<ProcessLineage>> lookupAsync(Transport transport, InetSocketAddress client,
            Executor slow) {
        return CompletableFuture.supplyAsync(() -> lookup(transport, client), slow);
    }

    /**
     * Runs, on this thread, the lookups {@link #lookupAsync} put off, and completes them (with whatever
     * depends on them). Returns at once when nothing was put off. The default puts nothing off.
     */
    default void runDeferred() {}

    /** What this attributor counted (for the agent's {@code stopped} counters); empty when nothing. */
    default java.util.Map<String, Long> counters() {
        return java.util.Map.of();
    }
}
