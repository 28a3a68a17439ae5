package dev.runwall.agent.firewall;

import dev.runwall.agent.firewall.internal.AllowedElements;
import dev.runwall.agent.firewall.internal.BatchRunner;
import dev.runwall.core.policy.PortSpec;
import dev.runwall.dns.ResolvedAddress;
import dev.runwall.linux.nft.NftException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The allowed sets of our table, filled from DNS answers of allowed names before each answer is
 * released. One lock serialises the answers: the nft context serialises them anyway, and the plan and
 * the kernel must not disagree about what is present.
 */
public final class AllowedAddressSet {
    private final AllowedElements elements;
    private final BatchRunner nft;
    private final ReentrantLock lock = new ReentrantLock();
    private long answers;
    private long added;
    private long refreshed;
    private long skipped;
    private long failures;
    private long programs;
    private long programNanosTotal;
    private long programNanosMax;

    public AllowedAddressSet(AllowedElements elements, BatchRunner nft) {
        this.elements = elements;
        this.nft = nft;
    }

    /**
     * Allows {@code addresses} on {@code ports} for their TTL (within the configured floor and ceiling).
     *
     * @throws NftException when the kernel refused the elements; the answer must then be withheld
     */
    public void allow(Collection<ResolvedAddress> addresses, Collection<PortSpec> ports) throws NftException {
        if (addresses.isEmpty() || ports.isEmpty()) {
            return;
        }
        List<AllowedElements.TimedAddress> timed = new ArrayList<>(addresses.size());
        for (ResolvedAddress a : addresses) {
            timed.add(new AllowedElements.TimedAddress(a.address(), a.ttlSeconds()));
        }
        lock.lock();
        try {
            answers++;
            AllowedElements.Plan plan = elements.plan(timed, ports);
            skipped += plan.skipped();
            if (plan.empty()) {
                return;
            }
            long start = System.nanoTime();
            try {
                nft.run(plan.batch());
            } catch (NftException e) {
                failures++;
                throw e;
            }
            long took = System.nanoTime() - start;
            programs++;
            programNanosTotal += took;
            programNanosMax = Math.max(programNanosMax, took);
            elements.applied(plan);
            added += plan.added();
            refreshed += plan.refreshed();
        } finally {
            lock.unlock();
        }
    }

    /** Volume and cost counters for the agent's {@code stopped} event. */
    public Map<String, Long> counters() {
        lock.lock();
        try {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("firewallAnswers", answers);
            m.put("firewallElementsAdded", added);
            m.put("firewallElementsRefreshed", refreshed);
            m.put("firewallElementsSkipped", skipped);
            m.put("firewallProgramFailures", failures);
            m.put("firewallBatches", programs);
            m.put("firewallBatchMicrosMean", programs == 0 ? 0 : programNanosTotal / programs / 1000);
            m.put("firewallBatchMicrosMax", programNanosMax / 1000);
            return m;
        } finally {
            lock.unlock();
        }
    }
}
