package dev.runwall.agent.internal;

import dev.runwall.agent.attribution.ProcessAttributor;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.step.StepResolver;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.dns.DnsProxyListener;
import dev.runwall.dns.QueryContext;
import dev.runwall.dns.QueryOutcome;
import dev.runwall.dns.Resolution;
import dev.runwall.linux.procfs.ProcessLineage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns every query the proxy answers into a DNS event with its process and step.
 *
 * <p>The asking process must be found while its socket still exists, i.e. before it has its answer. So
 * the lookup of a query that goes upstream starts when the query arrives, in parallel with forwarding, and
 * the answer waits for it (bounded by {@code attributionWait}) in {@link #beforeRelease}. A query answered
 * from the cache or blocked by the policy is moved to a worker thread ({@link QueryContext#continueOnWorker})
 * and looked up there synchronously before its answer or NXDOMAIN goes out (a blocked asker is the one we
 * most need to name) — unless the attributor can answer at once from what it knows (a client socket seen
 * before: one kernel socket lookup), which then happens on the receive thread, without a hand-off.
 */
public final class DnsEventRecorder implements DnsProxyListener {
    private final ProcessAttributor attributor;
    private final java.util.function.Function<ProcessLineage, ProcessInfo> describer;
    private final StepResolver steps;
    private final EventLog log;
    private final ExecutorService lookups;
    private final Duration attributionWait;
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
        if (!query.upstream()) {
            // answered from the cache or blocked: nothing to overlap the lookup with. A client whose socket
            // and process are known already is looked up here (one kernel socket lookup); otherwise the
            // lookup may scan procfs, which must not hold up the proxy's receive thread: it runs first thing
            // on a worker
            Optional<Attributed> known = quickLookup(query);
            if (known != null) {
                query.attach(CompletableFuture.completedFuture(known));
            } else {
                query.continueOnWorker();
            }
            return;
        }
        query.attach(CompletableFuture.supplyAsync(() -> lookup(query), lookups));
    }

    @Override
    public void onWorker(QueryContext query) {
        query.attach(CompletableFuture.completedFuture(lookup(query)));
    }

    /** Ready when the asker's lookup has finished (it usually has: it ran while the query was upstream). */
    @Override
    public boolean readyToRelease(QueryContext query) {
        return !(query.attachment() instanceof CompletableFuture<?> f) || f.isDone();
    }

    @Override
    public void beforeRelease(QueryContext query, Resolution resolution) {
        await(query, attributionWait);
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

    /** Events whose asking process could not be found. */
    public long processUnknown() {
        return processUnknown.sum();
    }

    /**
     * A lineage and its event form, described when it was looked up, while the asker waits for its answer:
     * described later (after the answer), a parent could already have exec'd another program.
     */
    private record Attributed(ProcessLineage lineage, ProcessInfo process) {}

    private Attributed describe(ProcessLineage lineage) {
        return new Attributed(lineage, describer.apply(lineage));
    }

    private Optional<Attributed> quickLookup(QueryContext query) {
        try {
            Optional<ProcessLineage> l = attributor.lookupWithoutWaiting(query.transport(), query.client());
            return l == null ? null : l.map(this::describe);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Optional<Attributed> lookup(QueryContext query) {
        try {
            return attributor.lookup(query.transport(), query.client()).map(this::describe);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
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
