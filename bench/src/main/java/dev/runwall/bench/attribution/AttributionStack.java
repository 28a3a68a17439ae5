package dev.runwall.bench.attribution;

import dev.runwall.agent.correlate.Correlation;
import dev.runwall.agent.correlate.FlowCorrelator;
import dev.runwall.agent.correlate.FlowSighting;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.step.RunAttribution;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.Verdict;
import dev.runwall.linux.nflog.NflogOptions;
import dev.runwall.linux.nflog.NflogReader;
import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.sandbox.FlowLogNetwork;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the agent runs for attribution, assembled as the agent does: the audit subscription and process
 * table, step resolution, the NFLOG reader of the runner namespace, the flow correlator, the event log.
 */
final class AttributionStack implements InProcessAgent {
    final RunAttribution attribution;
    final FlowCorrelator correlator;
    final EventLog log;
    final AtomicLong flows = new AtomicLong();
    private final NflogReader nflog;
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread reader;

    AttributionStack(FlowLogNetwork net, Path events) throws Exception {
        this(net.runnerPath(), net.nflogGroup(), events);
    }

    /** @param runnerNamespace the network namespace whose flows NFLOG group {@code nflogGroup} logs */
    AttributionStack(Path runnerNamespace, int nflogGroup, Path events) throws Exception {
        attribution = RunAttribution.start(ProcFs.system(), Duration.ofSeconds(2));
        if (!attribution.processes().auditActive()) {
            attribution.close();
            throw new IllegalStateException("kernel audit is not available: " + attribution.warnings());
        }
        correlator = new FlowCorrelator(attribution.steps(), attribution.processes().table().hashes(),
                Duration.ofSeconds(10), Duration.ofSeconds(3),
                () -> attribution.processes().counters().getOrDefault("auditLost", 0L), true);
        attribution.processes().onSyscall(correlator);
        log = EventLog.open(events);
        nflog = NflogReader.openIn(runnerNamespace, nflogGroup, NflogOptions.DEFAULTS);
        reader = Thread.ofPlatform().name("nflog").start(() -> {
            try {
                nflog.run(packet -> FlowSighting.of(packet).ifPresent(flow -> {
                    flows.incrementAndGet();
                    lookups.execute(() -> {
                        Correlation c = correlator.correlate(flow);
                        log.append(new ConnectionEvent(flow.time(), c.step(), Verdict.AUDITED, null,
                                flow.destination().getAddress().getHostAddress(), flow.destination().getPort(),
                                flow.protocol(), "output", c.process(), null, c.unexplained()));
                    });
                }));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public long auditedNetworkSyscalls() {
        Map<String, Long> counters = attribution.processes().counters();
        return counters.getOrDefault("auditNetworkSyscalls", 0L) + counters.getOrDefault("auditLoopbackSyscalls", 0L);
    }

    long nflogLost() {
        return nflog.lostMessages();
    }

    /** Waits until no new flow arrived for two seconds and every flow is in the log. */
    @Override
    public void drain() throws InterruptedException {
        long seen = -1;
        while (flows.get() != seen) {
            seen = flows.get();
            Thread.sleep(2000);
        }
        lookups.shutdown();
        lookups.awaitTermination(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        nflog.close();
        reader.join(5000);
        lookups.shutdownNow();
        attribution.finish(log, Clock.systemUTC());
        log.close();
        attribution.close();
    }
}
