package dev.runwall.agent.attribution;

import dev.runwall.agent.audit.AuditSubscription;
import dev.runwall.agent.audit.AuditUnavailableException;
import dev.runwall.agent.audit.SyscallSighting;
import dev.runwall.agent.correlate.FlowCorrelator;
import dev.runwall.agent.process.ExecutableHashes;
import dev.runwall.agent.process.ProcessTable;
import dev.runwall.agent.process.ProcessViews;
import dev.runwall.agent.step.CausalSteps;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcessLineage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The process side of attribution for one agent run: the process table, fed by the audit subscription
 * when the kernel allows it (else by procfs alone, with a warning), and the executable hashes.
 *
 * <pre>{@code
 * try (ProcessAttribution processes = ProcessAttribution.start(ProcFs.system())) {
 *     ProcessAttributor dnsClients = processes.wrap(Attributors.best(listen));   // table lineages
 *     processes.onSyscall(correlator::syscall);                                 // phase 2: flows
 *     ...
 *     log.append(new AgentEvent(now, AgentEvent.COUNTERS, ..., processes.counters()));
 * }
 * }</pre>
 */
public final class ProcessAttribution implements AutoCloseable {
    private final java.util.List<AutoCloseable> wrapped = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How long an exited process stays findable by its pid. */
    public static final Duration RETENTION = Duration.ofSeconds(30);

    private final ProcessTable table;
    private final AuditSubscription audit;
    private final String warning;
    private final ExecutorService hashing;
    private final AtomicReference<Consumer<SyscallSighting>> syscalls;

    private ProcessAttribution(ProcessTable table, AuditSubscription audit, String warning, ExecutorService hashing,
            AtomicReference<Consumer<SyscallSighting>> syscalls) {
        this.syscalls = syscalls;
        this.table = table;
        this.audit = audit;
        this.warning = warning;
        this.hashing = hashing;
    }

    /** Starts the table and, if the kernel allows it, the audit subscription; never fails for lack of audit. */
    public static ProcessAttribution start(ProcFs proc) {
        ExecutorService hashing = Executors.newVirtualThreadPerTaskExecutor();
        ProcessTable table = new ProcessTable(proc, new ExecutableHashes(proc.root(), hashing), RETENTION);
        AtomicReference<Consumer<SyscallSighting>> sink = new AtomicReference<>(s -> {});
        try {
            AuditSubscription audit = AuditSubscription.start(table, s -> sink.get().accept(s));
            table.hurryAuditWith(audit::hurry);
            return new ProcessAttribution(table, audit, null, hashing, sink);
        } catch (AuditUnavailableException e) {
            table.seed();
            return new ProcessAttribution(table, null, "process attribution without audit: " + e.getMessage()
                    + ". Processes are read from procfs when they call out; a process that has already exited or "
                    + "whose parent exited may be unattributed.", hashing, sink);
        }
    }

    public ProcessTable table() {
        return table;
    }

    /** Whether the audit subscription runs (else the table only learns from procfs). */
    public boolean auditActive() {
        return audit != null;
    }

    /** The audit subscription's first error (reader stopped, or an event it could not route), if any. */
    public Optional<Throwable> auditFailure() {
        return audit == null ? Optional.empty() : Optional.ofNullable(audit.failure());
    }

    /** Why audit is not used, for the agent's {@code warning} event; empty when it is. */
    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /** Where network syscall sightings go (the correlator); until set they are dropped. */
    public void onSyscall(Consumer<SyscallSighting> consumer) {
        syscalls.set(consumer);
    }

    /**
     * A flow correlator fed by this subscription's network syscalls (replaces any earlier consumer):
     * 10 s window, 3 s wait for a syscall record.
     */
    public FlowCorrelator correlator(CausalSteps steps) {
        FlowCorrelator c = new FlowCorrelator(steps, table.hashes(), Duration.ofSeconds(10), Duration.ofSeconds(3),
                () -> counters().getOrDefault("auditLost", 0L), audit != null);
        onSyscall(c);
        return c;
    }

    /** A socket-owner attributor whose lineages come from the process table (original parents). */
    public ProcessAttributor wrap(ProcessAttributor owners) {
        if (owners instanceof AutoCloseable c) {
            wrapped.add(c);
        }
        return new TableLineageAttributor(owners, table);
    }

    /**
     * The event form of a lineage: from the table when it knows the process (with the executable's SHA-256,
     * uid and container), else from procfs.
     */
    public ProcessInfo describe(ProcessLineage lineage) {
        return table.find(lineage.self()).map(n -> ProcessViews.info(n, table.hashes()))
                .orElseGet(lineage::toProcessInfo);
    }

    /** Counters for the agent's events: audit volume and loss, table size. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        if (audit != null) {
            m.putAll(audit.counters());
        }
        m.put("processesFromAudit", table.addedFromAudit());
        m.put("processesFromProcfs", table.addedFromProcfs());
        m.put("executablesHashed", table.hashes().computed());
        return m;
    }

    @Override
    public void close() {
        if (audit != null) {
            audit.close();
        }
        hashing.shutdownNow();
        for (AutoCloseable c : wrapped) { // the attributors wrapped (their kernel sockets, their lookup thread)
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
