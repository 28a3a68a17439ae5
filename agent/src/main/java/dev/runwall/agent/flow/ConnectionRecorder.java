package dev.runwall.agent.flow;

import dev.runwall.agent.correlate.FlowCorrelator;

import dev.runwall.agent.attribution.ProcessAttributor;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.firewall.LogPrefix;
import dev.runwall.agent.step.StepResolver;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.net.IpText;
import dev.runwall.dns.Transport;
import dev.runwall.linux.nflog.Hook;
import dev.runwall.linux.nflog.IpPacket;
import dev.runwall.linux.nflog.NflogPacket;
import dev.runwall.linux.procfs.ProcessLineage;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Turns each packet our logging rules send to the NFLOG group into a {@code connection} event: verdict
 * and reason from the rule's prefix, addresses and ports from the packet, the name from
 * {@link AddressNames}.
 *
 * <p>Process attribution of flows is best effort here: for a TCP or UDP flow of the runner itself, the
 * socket is looked up in procfs on a virtual thread (the reader thread never waits for procfs). A socket
 * that is already closed (a refused connection is over in microseconds) gives {@code process: null} and
 * {@code step: null}; the step is never guessed from time. Forwarded flows come from a container, whose
 * processes this namespace cannot see.
 */
public final class ConnectionRecorder implements Consumer<NflogPacket> {
    private final AddressNames names;
    private final EventLog log;
    private final ProcessAttributor attributor;
    private final StepResolver steps;
    private final Executor lookups;
    private final Semaphore lookupsInFlight;
    private final LongAdder events = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final LongAdder unattributed = new LongAdder();
    private final LongAdder attributionSkipped = new LongAdder();
    private final FlowCorrelator correlator;

    /**
     * @param maxLookups attribution lookups in flight at once; a flow beyond that is recorded without one
     */
    public ConnectionRecorder(AddressNames names, EventLog log, ProcessAttributor attributor, StepResolver steps,
            Executor lookups, int maxLookups) {
        this(names, log, attributor, steps, null, lookups, maxLookups);
    }

    private ConnectionRecorder(AddressNames names, EventLog log, ProcessAttributor attributor, StepResolver steps,
            FlowCorrelator correlator, Executor lookups, int maxLookups) {
        this.names = names;
        this.log = log;
        this.attributor = attributor;
        this.steps = steps;
        this.correlator = correlator;
        this.lookups = lookups;
        this.lookupsInFlight = new Semaphore(maxLookups);
    }

    /**
     * A recorder that attributes every flow (output and forward, any protocol) through the correlator, which
     * joins it with the audited syscall that caused it. A lookup may wait for its syscall record (up to the
     * correlator's bound), so many may be in flight.
     */
    public static ConnectionRecorder correlated(AddressNames names, EventLog log, FlowCorrelator correlator,
            Executor lookups, int maxLookups) {
        return new ConnectionRecorder(names, log, null, null, correlator, lookups, maxLookups);
    }

    @Override
    public void accept(NflogPacket packet) {
        Optional<LogPrefix> prefix = LogPrefix.of(packet.prefix());
        if (prefix.isEmpty() || packet.ip().isEmpty()) {
            foreign.increment(); // another rule writing to our group, or a non-IP packet: not ours to record
            return;
        }
        IpPacket ip = packet.ip().get();
        FlowKey flow = FlowKey.of(ip);
        boolean forward = packet.hook() == Hook.FORWARD;
        Optional<AddressNames.Match> name = names.lookup(ip.destination(), flow.port(), packet.time());
        ConnectionEvent event = new ConnectionEvent(packet.time(), null, prefix.get().verdict(),
                name.map(AddressNames.Match::name).orElse(null), IpText.of(ip.destination()), flow.port(),
                flow.protocol(), forward ? "forward" : "output", null,
                FlowReason.of(prefix.get(), name, flow.protocol(), flow.port()));
        Optional<Transport> transport = flow.transport();
        if (correlator != null) {
            InetSocketAddress source = new InetSocketAddress(ip.source(), flow.sourcePort());
            inBackground(event, () -> correlator.attribute(event, source));
            return;
        }
        if (forward || transport.isEmpty()) {
            record(event);
        } else if (lookupsInFlight.tryAcquire()) {
            InetSocketAddress local = new InetSocketAddress(ip.source(), flow.sourcePort());
            try {
                lookups.execute(() -> {
                    try {
                        record(attributed(event, transport.get(), local));
                    } finally {
                        lookupsInFlight.release();
                    }
                });
            } catch (RejectedExecutionException stopping) {
                lookupsInFlight.release();
                record(event);
            }
        } else {
            attributionSkipped.increment();
            record(event);
        }
    }

    private void inBackground(ConnectionEvent event, java.util.function.Supplier<ConnectionEvent> attribution) {
        if (!lookupsInFlight.tryAcquire()) {
            attributionSkipped.increment();
            record(event);
            return;
        }
        try {
            lookups.execute(() -> {
                try {
                    record(attribution.get());
                } catch (RuntimeException e) {
                    record(event);
                } finally {
                    lookupsInFlight.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            lookupsInFlight.release();
            record(event);
        }
    }

    private ConnectionEvent attributed(ConnectionEvent e, Transport transport, InetSocketAddress local) {
        Optional<ProcessLineage> lineage;
        try {
            lineage = attributor.lookup(transport, local);
        } catch (RuntimeException procfsChangedUnderUs) {
            lineage = Optional.empty();
        }
        ProcessInfo process = lineage.map(ProcessLineage::toProcessInfo).orElse(null);
        String step = lineage.flatMap(steps::stepOf).orElse(null);
        return new ConnectionEvent(e.time(), step, e.verdict(), e.domain(), e.ip(), e.port(), e.protocol(), e.path(),
                process, e.reason());
    }

    private void record(ConnectionEvent event) {
        if (event.step() == null) {
            unattributed.increment();
        }
        events.increment();
        log.append(event);
    }

    /** Connection events written. */
    public long events() {
        return events.sum();
    }

    /** Connection events without a step. */
    public long unattributed() {
        return unattributed.sum();
    }

    /** Logged packets that were not from a rule of ours (or not IP). */
    public long foreign() {
        return foreign.sum();
    }

    /** Flows recorded without an attribution attempt because too many lookups were in flight. */
    public long attributionSkipped() {
        return attributionSkipped.sum();
    }
}
