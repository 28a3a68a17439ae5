package dev.runwall.bench.attribution;

import dev.runwall.agent.audit.AuditRuleGroup;
import dev.runwall.agent.audit.LoadedAuditRules;
import dev.runwall.linux.audit.AuditEventReader;
import dev.runwall.linux.audit.AuditReaderOptions;
import dev.runwall.linux.audit.AuditRecord;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The floor under any agent built on kernel audit: the agent's own rules loaded, and a reader that takes
 * every event (assembled, only SOCKADDR records decoded) and drops it. What a job pays with this running is
 * the kernel's audit path in its syscalls, the kernel's audit thread, and receiving; no process table, no
 * procfs, no correlation, no event log.
 */
final class AuditFloor implements InProcessAgent {
    private final LoadedAuditRules rules;
    private final AuditEventReader reader;
    private final Thread thread;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong networkSyscalls = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** @param groups the groups of the agent's rules to load (all of them: the agent's floor) */
    AuditFloor(Set<AuditRuleGroup> groups) throws Exception {
        rules = LoadedAuditRules.load(groups);
        try {
            reader = AuditEventReader.open(AuditReaderOptions.DEFAULTS.parsing(AuditRecord.SOCKADDR));
        } catch (Exception e) {
            rules.close();
            throw e;
        }
        thread = Thread.ofPlatform().name("runwall-audit").daemon().start(() -> {
            try {
                reader.run(event -> {
                    events.incrementAndGet();
                    if (event.sockaddr().isPresent()) {
                        networkSyscalls.incrementAndGet();
                    }
                });
            } catch (Exception e) {
                failure.set(e); // drain() fails the run: numbers without a reader would be too low
            }
        });
    }

    /** Events with a socket address. */
    @Override
    public long auditedNetworkSyscalls() {
        return networkSyscalls.get();
    }

    /**
     * Waits until no event arrived for one second, or ten seconds at most: audit is host-wide, so other work
     * on the host may never let the stream go quiet.
     */
    @Override
    public void drain() throws InterruptedException {
        long seen = -1;
        for (int second = 0; second < 10 && events.get() != seen; second++) {
            seen = events.get();
            Thread.sleep(1000);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the floor's audit reader stopped", failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            rules.close();
        } finally {
            reader.close();
            thread.join(5000);
        }
    }
}
