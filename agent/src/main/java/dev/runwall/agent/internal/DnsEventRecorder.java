package dev.runwall.agent.internal;

import dev.runwall.agent.attribution.ProcessAttributor;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.step.StepResolver;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.dns.DnsProxyListener;
import dev.runwall.dns.QueryContext;
import dev.runwall.dns.QueryOutcome;
import dev.runwall.dns.Transport;
import dev.runwall.linux.procfs.ProcessLineage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns every query the proxy answers into a DNS event with its process and step.
 *
 * <p>The asking process must be found while its socket still exists, i.e. before it has its answer. So the
 * lookup is asked for when the query arrives ({@link ProcessAttributor#lookupAsync}) and, for UDP, run for
 * the whole burst of queries the receive thread took off its socket, on that thread, before it waits for more
 * ({@link #beforeWaiting}); the forwarded queries are on their way upstream meanwhile, and an upstream answer
 * back before that runs the queued lookups itself. The answer is held until
 * the lookup is done ({@link QueryContext#releaseAfter}): on the UDP path nothing waits, the answer is
 * released by the thread that finishes the lookup (or by the upstream's receive thread, when the lookup
 * finished first). On the TCP path the connection's thread waits for it. A blocked asker is named the same
 * way: the one we most need to name. ({@code attributionWait} bounds the wait for the result in
 * {@link #queryCompleted}, for a proxy that released without waiting.)
 */
public final class DnsEventRecorder implements DnsProxyListener {
    private final ProcessAttributor attributor;
    private final java.util.function.Function<ProcessLineage, ProcessInfo> describer;
    private final StepResolver steps;
    private final EventLog log;
    private final ExecutorService lookups;
    private final Duration attributionWait;
    private static final long DESCRIPTION_NANOS = 1_000_000_000L;
    private static final int MAX_DESCRIBED = 4096;
    private final java.util.Map<ProcessLineage, Described> described = new java.util.concurrent.ConcurrentHashMap<>();
    /** The description used last: checked first, by identity (the attributor hands out one lineage object per process). */
    private volatile Described last;
    /**
     * Per UDP receive thread (queryReceived and beforeWaiting of one burst run there): the pending lookup of
     * each client of the burst so far.
     */
    private final ThreadLocal<Map<InetSocketAddress, CompletableFuture<Optional<Attributed>>>> burst =
            ThreadLocal.withInitial(HashMap::new);
    private final LongAdder unattributed = new LongAdder();
    private final LongAdder processUnknown = new LongAdder();

    public DnsEventRecorder(ProcessAttributor attributor, StepResolver steps,
            java.util.function.Function<ProcessLineage, ProcessInfo> describer, EventLog log,
            ExecutorService lookups, Duration attributionWait) {
        this.attributor = attributor;
        this.describer = describer;
        this.steps = steps;
        this.log = log;
        this.lookups = lookups;
        this.attributionWait = attributionWait;
    }

    @Override
    public void queryReceived(QueryContext query) {
        CompletableFuture<Optional<Attributed>> lookup;
        if (query.transport() == Transport.UDP) {
            // a client's questions in one burst share its pending lookup: the batch asks the kernel once per
            // client anyway, and each lookup is a chain of futures to complete. Only while it is pending: a
            // finished one checked the socket before this query came, and the port may be another's now.
            Map<InetSocketAddress, CompletableFuture<Optional<Attributed>>> pending = burst.get();
            lookup = pending.get(query.client());
            if (lookup == null || lookup.isDone()) {
                lookup = lookUp(query);
                pending.put(query.client(), lookup);
            }
        } else {
            lookup = lookUp(query);
        }
        query.attach(lookup);
        query.releaseAfter(lookup);
    }

    private CompletableFuture<Optional<Attributed>> lookUp(QueryContext query) {
        try {
            return attributor.lookupAsync(query.transport(), query.client(), lookups)
                    .handle((l, failure) -> failure != null ? Optional.empty() : l.map(this::describe));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }

    /** The lookups of the queries received since the thread last waited, in one batch ({@link ProcessAttributor#runDeferred}). */
    @Override
    public void beforeWaiting() {
        attributor.runDeferred();
        burst.get().clear(); // the burst is over: its lookups are done or on their way
    }

    @Override
    public void queryCompleted(QueryContext query, QueryOutcome outcome) {
        Optional<Attributed> found = await(query, attributionWait);
        ProcessInfo process = found.map(Attributed::process).orElse(null);
        String step = found.map(Attributed::lineage).flatMap(steps::stepOf).orElse(null);
        if (process == null) {
            processUnknown.increment();
        }
        if (step == null) {
            unattributed.increment();
        }
        log.append(outcome.toEvent(step, process));
    }

    /** Events without a step. */
    public long unattributed() {
        return unattributed.sum();
    }

    /** The attributor's own counters (UDP client lookups, batches, dumps). */
    public java.util.Map<String, Long> attributorCounters() {
        return attributor.counters();
    }

    /** Events whose asking process could not be found. */
    public long processUnknown() {
        return processUnknown.sum();
    }

    /**
     * A lineage and its event form, described when it was looked up, while the asker waits for its answer:
     * described later (after the answer), a parent could already have exec'd another program.
     */
    private record Attributed(ProcessLineage lineage, ProcessInfo process) {}

    /** A description and when it was made. */
    private record Described(Attributed attributed, long nanos) {}

    /**
     * The event form of a lineage, made at most once a second per lineage: a resolver asks many questions,
     * and describing (the command line's secret redaction, the parent chain) costs more than the rest of an
     * attributed query. What the description can gain meanwhile (the executable's hash, computed in the
     * background) shows up a second later at most.
     */
    private Attributed describe(ProcessLineage lineage) {
        long now = System.nanoTime();
        Described d = last;
        if (d == null || d.attributed().lineage() != lineage) { // a burst usually comes from one resolver
            d = described.get(lineage);
        }
        if (d != null && now - d.nanos() < DESCRIPTION_NANOS) {
            last = d;
            return d.attributed();
        }
        Attributed a = new Attributed(lineage, describer.apply(lineage));
        if (described.size() >= MAX_DESCRIBED) {
            described.clear();
        }
        d = new Described(a, now);
        described.put(lineage, d);
        last = d;
        return a;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Attributed> await(QueryContext query, Duration wait) {
        Object a = query.attachment();
        if (!(a instanceof CompletableFuture<?> f)) {
            return Optional.empty();
        }
        try {
            return ((CompletableFuture<Optional<Attributed>>) f).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
