package dev.runwall.agent.audit;

import dev.runwall.agent.process.ProcessTable;
import dev.runwall.linux.audit.AuditEventReader;
import dev.runwall.linux.audit.AuditLoss;
import dev.runwall.linux.audit.AuditReaderOptions;
import dev.runwall.linux.audit.AuditRecord;
import dev.runwall.linux.audit.AuditRule;
import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.netlink.NetlinkParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The agent's view of the kernel audit stream: adds our own keyed rules, reads every event from the
 * read-only multicast group (side by side with auditd, never in its place), feeds the process table and
 * hands network syscalls to a consumer. On close it removes exactly the rules it added — never a rule of
 * the host's — and puts the enabled flag and the backlog limit back the way it found them.
 *
 * <p>Threads: the reader runs on the platform thread {@code runwall-audit}; a virtual thread sweeps the
 * process table once a second.
 */
public final class AuditSubscription implements AutoCloseable {
    private static final Duration SWEEP = Duration.ofSeconds(1);

    private final LoadedAuditRules rules;
    private final AuditEventReader reader;
    private final AuditCounters counters;
    private final AuditRouter router;
    private final Thread readerThread;
    private final Thread sweeper;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;

    private AuditSubscription(LoadedAuditRules rules, AuditEventReader reader, AuditCounters counters,
            ProcessTable table, Consumer<SyscallSighting> syscalls) {
        this.rules = rules;
        this.reader = reader;
        this.counters = counters;
        this.router = new AuditRouter(table, syscalls, counters);
        this.readerThread = Thread.ofPlatform().name("runwall-audit").daemon().unstarted(() -> {
            try {
                reader.run(event -> {
                    try {
                        router.accept(event);
                    } catch (RuntimeException e) {
                        // one event we could not route must not stop the stream: count it, keep the first
                        counters.routingErrors.increment();
                        failure.compareAndSet(null, e);
                    }
                });
            } catch (ErrnoException | RuntimeException e) {
                failure.set(e);
            }
        });
        this.sweeper = Thread.ofVirtual().name("runwall-process-sweep").unstarted(() -> {
            while (!closed) {
                table.sweep(Instant.now());
                try {
                    Thread.sleep(SWEEP);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /**
     * Starts the subscription, then adds the processes procfs already shows to the table (after the
     * reader runs, so no process falls between the two).
     *
     * @param syscalls receives every connect/sendto/sendmsg/sendmmsg to a non-loopback IPv4/IPv6 address
     * @throws AuditUnavailableException when audit cannot be used (no CAP_AUDIT_CONTROL, rules locked, no
     *     kernel support); nothing was changed then
     */
    public static AuditSubscription start(ProcessTable table, Consumer<SyscallSighting> syscalls)
            throws AuditUnavailableException {
        LoadedAuditRules rules = LoadedAuditRules.load();
        AuditSubscription s = null;
        try {
            // the router reads SYSCALL, SOCKADDR and EXECVE records: PROCTITLE, PATH and CWD stay unparsed text
            AuditEventReader reader = AuditEventReader.open(AuditReaderOptions.DEFAULTS.parsing(
                    AuditRecord.SYSCALL, AuditRecord.SOCKADDR, AuditRecord.EXECVE));
            s = new AuditSubscription(rules, reader, new AuditCounters(), table, syscalls);
            s.readerThread.start();
            s.sweeper.start();
            table.seed();
            return s;
        } catch (ErrnoException | NetlinkParseException | RuntimeException e) {
            if (s != null) {
                s.close(); // the rules, the reader and its threads
            } else {
                rules.close();
            }
            throw new AuditUnavailableException("cannot subscribe to kernel audit: " + e.getMessage(), e);
        }
    }

    /** Our rule key ({@code runwall:PID:STARTTIME}); rules with it are ours alone. */
    public String key() {
        return rules.key();
    }

    /** The rules added at start, as the kernel lists them. */
    public List<AuditRule> rules() {
        return rules.rules();
    }

    /** False on kernels without the {@code saddr_fam} rule field: then only connect() is audited. */
    public boolean networkFamilyFilter() {
        return rules.networkFamilyFilter();
    }

    /** The first error: why the reader stopped early, or the first event that could not be routed. */
    public Throwable failure() {
        return failure.get();
    }

    /**
     * Counters for the agent's events: volume, and {@code auditLost}: events the kernel dropped (backlog)
     * plus events that never reached us (serial numbers never seen; at least one per socket overrun). Events
     * cut short (delivered without their end record) are counted apart: they were not lost.
     */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>(counters.asMap());
        try {
            AuditLoss loss = reader.loss();
            long missing = router.missingEvents();
            m.put("auditLost", loss.kernelLost() + Math.max(missing, loss.socketOverruns()));
            m.put("auditKernelLost", loss.kernelLost());
            m.put("auditMissingSerials", missing);
            m.put("auditSocketOverruns", loss.socketOverruns());
            m.put("auditIncompleteEvents", loss.incompleteEvents());
            m.put("auditMalformedRecords", loss.malformedRecords());
        } catch (ErrnoException | NetlinkParseException e) {
            m.put("auditLossUnknown", 1L);
        }
        return m;
    }

    /** Has the reader take what is queued now, not after its nap ({@link AuditEventReader#hurry}). */
    public void hurry() {
        reader.hurry();
    }

    /** Removes exactly our rules and restores the audit settings we changed; stops the reader. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        rules.close();
        reader.close();
        sweeper.interrupt();
        try {
            readerThread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
