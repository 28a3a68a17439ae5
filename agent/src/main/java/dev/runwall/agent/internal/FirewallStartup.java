package dev.runwall.agent.internal;

import dev.runwall.agent.AgentException;
import dev.runwall.agent.AgentOptions;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.firewall.AllowedAddressSet;
import dev.runwall.agent.firewall.Firewall;
import dev.runwall.agent.firewall.FirewallSpec;
import dev.runwall.agent.flow.ConnectionRecorder;
import dev.runwall.agent.flow.FlowLog;
import dev.runwall.core.event.AgentEvent;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.dns.resolvconf.UpstreamDiscovery;
import dev.runwall.linux.netlink.ErrnoException;
import dev.runwall.linux.nft.Nft;
import dev.runwall.linux.nft.NftException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The firewall and its flow log through the agent's life. In block mode every failure is fatal (a start
 * never degrades to audit); in audit mode the agent goes on with the DNS gate alone and says so in a
 * {@code warning} event (fail open).
 */
public final class FirewallStartup implements AutoCloseable {
    private final EgressMode mode;
    private final Nft nft;
    private final FlowLog flowLog;
    private final ConnectionRecorder connections;
    private Firewall firewall;
    private boolean installed;

    private FirewallStartup(EgressMode mode, Nft nft, FlowLog flowLog, ConnectionRecorder connections, Firewall firewall) {
        this.mode = mode;
        this.nft = nft;
        this.flowLog = flowLog;
        this.connections = connections;
        this.firewall = firewall;
    }

    /** Opens nftables and binds the NFLOG group; nothing is in the kernel yet. */
    public static FirewallStartup prepare(AgentOptions options, List<InetSocketAddress> listen, UpstreamDiscovery upstreams,
            ConnectionRecorder connections, EventLog log, Clock clock) throws AgentException {
        EgressMode mode = options.policy().mode();
        if (!options.firewall().enabled()) {
            return new FirewallStartup(mode, null, null, connections, null);
        }
        Nft nft;
        try {
            nft = Nft.open();
        } catch (NftException | RuntimeException e) {
            return unusable(mode, connections, log, clock, "nftables is not usable: " + e.getMessage(), e);
        }
        FlowLog flowLog;
        try {
            flowLog = FlowLog.start(options.firewall().nflogGroup(), connections);
        } catch (ErrnoException | RuntimeException e) {
            nft.close();
            return unusable(mode, connections, log, clock, "cannot read the flow log: " + e.getMessage()
                    + " (choose another group with --nflog-group)", e);
        }
        FirewallSpec spec = new FirewallSpec(mode, options.firewall().table(), options.firewall().nflogGroup(),
                listen.stream().map(InetSocketAddress::getAddress).distinct().toList(),
                upstreams.upstreams().stream().map(InetSocketAddress::getAddress).distinct().toList(),
                options.policy().addressPatterns());
        return new FirewallStartup(mode, nft, flowLog, connections, Firewall.create(nft, spec, options.firewall()));
    }

    private static FirewallStartup unusable(EgressMode mode, ConnectionRecorder connections, EventLog log, Clock clock,
            String problem, Exception cause) throws AgentException {
        if (mode == EgressMode.BLOCK) {
            throw new AgentException(AgentException.Kind.STATE, problem + ". Block mode needs the kernel firewall "
                    + "(nftables with NFLOG); it never falls back to DNS blocking alone.", cause);
        }
        log.append(new AgentEvent(clock.instant(), AgentEvent.WARNING, mode.label(), null, problem
                + "; audit mode goes on without flow logging (DNS is still recorded)", Map.of()));
        return new FirewallStartup(mode, null, null, connections, null);
    }

    /** The sets DNS answers fill: block mode with a firewall only. */
    public AllowedAddressSet allowedSet() {
        return firewall != null && mode == EgressMode.BLOCK ? firewall.allowed() : null;
    }

    /** Puts the rules into the kernel; returns when, or empty when there is no firewall. */
    public Optional<Instant> install(EventLog log, Clock clock) throws AgentException {
        if (firewall == null) {
            return Optional.empty();
        }
        try {
            firewall.install();
            installed = true;
            firewall.prime();
            return Optional.of(firewall.installedAt());
        } catch (NftException e) {
            if (mode == EgressMode.BLOCK) {
                throw new AgentException(AgentException.Kind.STATE, "the kernel refused the firewall rules: "
                        + e.getMessage(), e);
            }
            log.append(new AgentEvent(clock.instant(), AgentEvent.WARNING, mode.label(), null, "the kernel refused the "
                    + "audit rules (" + e.getMessage() + "); audit mode goes on without flow logging", Map.of()));
            closeQuietly();
            firewall = null;
            return Optional.empty();
        }
    }

    public Optional<Firewall> firewall() {
        return Optional.ofNullable(firewall);
    }

    /** Removes the table and drains the flow log; returns a problem to report, if any. */
    public Optional<String> stop() {
        String problem = null;
        if (firewall != null && installed) {
            try {
                firewall.remove();
            } catch (NftException e) {
                problem = "could not remove the table inet " + firewall.spec().table() + ": " + e.getMessage();
            }
        }
        closeQuietly();
        return Optional.ofNullable(problem);
    }

    /** Counters of the flow log and the allowed sets. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("nflogPackets", flowLog == null ? 0 : flowLog.packets());
        m.put("nflogLost", flowLog == null ? 0 : flowLog.lost());
        m.put("nflogMalformed", flowLog == null ? 0 : flowLog.malformed());
        m.put("nflogForeign", connections.foreign());
        m.put("nflogReaderFailed", flowLog != null && flowLog.failure() != null ? 1L : 0L);
        m.put("connections", connections.events());
        m.put("connectionsUnattributed", connections.unattributed());
        m.put("connectionAttributionSkipped", connections.attributionSkipped());
        if (firewall != null && mode == EgressMode.BLOCK) {
            m.putAll(firewall.counters());
        }
        return m;
    }

    /**
     * A failed start: in block mode, rules already in the kernel stay (fail closed); in audit mode they go.
     */
    @Override
    public void close() {
        if (firewall != null && installed && mode != EgressMode.BLOCK) {
            try {
                firewall.remove();
            } catch (NftException ignored) {
                // the supervisor or the next start removes it
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        if (flowLog != null) {
            flowLog.close();
        }
        if (nft != null) {
            nft.close();
        }
    }
}
