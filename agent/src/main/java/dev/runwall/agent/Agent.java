package dev.runwall.agent;

import dev.runwall.agent.attribution.ProcessAttributor;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.internal.DnsEventRecorder;
import dev.runwall.agent.step.StepResolver;
import dev.runwall.core.event.AgentEvent;
import dev.runwall.dns.DnsCounters;
import dev.runwall.dns.DnsProxy;
import dev.runwall.dns.DnsProxyConfig;
import dev.runwall.dns.resolvconf.ResolvConfRedirect;
import dev.runwall.dns.resolvconf.ResolverConfigException;
import dev.runwall.dns.resolvconf.UpstreamDiscovery;
import dev.runwall.linux.procfs.ProcFs;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Runwall agent in the current network namespace: the DNS egress gate with event logging and process
 * attribution, and the redirect of the resolver configuration to it.
 *
 * <p>Start order: restore leftovers of a crashed run and discover the upstream resolvers, open the event
 * log, start the proxy, then redirect the resolver configuration. Stop order is the reverse, and stop
 * always restores the resolver configuration, even when something else fails.
 */
public final class Agent implements AutoCloseable {
    private final AgentOptions options;
    private final EventLog log;
    private final DnsProxy proxy;
    private final ResolvConfRedirect redirect;
    private final DnsEventRecorder recorder;
    private final ExecutorService lookups;
    private final UpstreamDiscovery upstreams;
    private final Clock clock;
    private boolean stopped;

    private Agent(AgentOptions options, EventLog log, DnsProxy proxy, ResolvConfRedirect redirect,
            DnsEventRecorder recorder, ExecutorService lookups, UpstreamDiscovery upstreams, Clock clock) {
        this.options = options;
        this.log = log;
        this.proxy = proxy;
        this.redirect = redirect;
        this.recorder = recorder;
        this.lookups = lookups;
        this.upstreams = upstreams;
        this.clock = clock;
    }

    /**
     * Starts the agent.
     *
     * @param steps how a process is attributed to a step
     * @throws AgentException when the agent cannot run here (not root, port 53 taken, no upstream ...)
     */
    public static Agent start(AgentOptions options, StepResolver steps, ProcessAttributor attributor, Clock clock)
            throws AgentException {
        ProcFs proc = ProcFs.system();
        if (proc.effectiveUid() != 0) {
            throw new AgentException(AgentException.Kind.STATE, "the agent must run as root (it serves DNS on port 53 "
                    + "and rewrites " + options.resolver().resolvConf() + "); run it with sudo");
        }
        Path stateDir = options.stateDir() != null ? options.stateDir() : defaultStateDir(proc);
        ResolvConfRedirect redirect = new ResolvConfRedirect(options.resolver(), stateDir);
        UpstreamDiscovery upstreams;
        try {
            upstreams = redirect.discover(options.listen());
        } catch (ResolverConfigException e) {
            throw new AgentException(AgentException.Kind.STATE, e.getMessage(), e);
        } catch (IOException e) {
            throw new AgentException(AgentException.Kind.STATE, "cannot read the resolver configuration: " + e.getMessage(), e);
        }
        EventLog log;
        try {
            log = EventLog.open(options.eventLog());
        } catch (IOException e) {
            throw new AgentException(AgentException.Kind.INVALID_INPUT, "cannot open the event log " + options.eventLog()
                    + ": " + e.getMessage(), e);
        }
        ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
        DnsEventRecorder recorder = new DnsEventRecorder(options.policy(), attributor, steps, log, lookups,
                options.attributionWait());
        log.append(new AgentEvent(clock.instant(), AgentEvent.STARTED, options.policy().mode().label(),
                options.policy().toAllowedEndpoints(), "upstream resolvers " + upstreams.upstreams()
                        + " from " + upstreams.source() + (upstreams.leftoverRestored()
                                ? "; restored the resolver configuration a crashed run left behind" : ""),
                Map.of()));
        DnsProxy proxy;
        try {
            proxy = DnsProxy.start(DnsProxyConfig.defaults(upstreams.upstreams()).withListen(options.listen()),
                    options.policy(), recorder);
        } catch (BindException e) {
            closeQuietly(log, lookups);
            throw new AgentException(AgentException.Kind.STATE, "cannot serve DNS: " + e.getMessage()
                    + ". Another DNS server listens there; stop it or run the agent in another network namespace.", e);
        } catch (IOException e) {
            closeQuietly(log, lookups);
            throw new AgentException(AgentException.Kind.STATE, "cannot start the DNS proxy: " + e.getMessage(), e);
        }
        try {
            List<InetAddress> ours = new ArrayList<>();
            for (InetSocketAddress a : proxy.listenAddresses()) {
                if (a.getAddress().isLoopbackAddress() && !ours.contains(a.getAddress())) {
                    ours.add(a.getAddress());
                }
            }
            redirect.redirect(ours);
        } catch (IOException | RuntimeException e) {
            proxy.close();
            closeQuietly(log, lookups);
            throw new AgentException(AgentException.Kind.STATE, "cannot point " + options.resolver().resolvConf()
                    + " at the proxy: " + e.getMessage(), e);
        }
        return new Agent(options, log, proxy, redirect, recorder, lookups, upstreams, clock);
    }

    /** {@code /run/runwall/netns-<inode>}: one state directory per network namespace. */
    public static Path defaultStateDir(ProcFs proc) {
        String id = proc.networkNamespaceInode().map(Object::toString).orElse("unknown");
        return Path.of("/run/runwall/netns-" + id);
    }

    public EventLog eventLog() {
        return log;
    }

    public UpstreamDiscovery upstreams() {
        return upstreams;
    }

    public List<InetSocketAddress> listenAddresses() {
        return proxy.listenAddresses();
    }

    /** Stops: restores the resolver configuration first, then stops the proxy and closes the log. */
    public synchronized void stop() throws AgentException {
        if (stopped) {
            return;
        }
        stopped = true;
        IOException restoreFailure = null;
        try {
            redirect.restore();
        } catch (IOException e) {
            restoreFailure = e;
        }
        proxy.close();
        lookups.shutdown();
        log.append(new AgentEvent(clock.instant(), AgentEvent.STOPPED, options.policy().mode().label(), null,
                restoreFailure == null ? null : "could not restore the resolver configuration: " + restoreFailure.getMessage(),
                counters()));
        try {
            log.close();
        } catch (IOException e) {
            // every event was written with its own write(2); nothing is buffered here
        }
        if (restoreFailure != null) {
            throw new AgentException(AgentException.Kind.STATE, "could not restore " + options.resolver().resolvConf()
                    + ": " + restoreFailure.getMessage() + ". Run 'runwall agent stop --cleanup' as root.", restoreFailure);
        }
    }

    /** Volume and loss counters, as they go into the {@code stopped} event. */
    public Map<String, Long> counters() {
        DnsCounters c = proxy.counters();
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("dnsQueries", c.queries());
        m.put("dnsForwarded", c.forwarded());
        m.put("dnsBlocked", c.blocked());
        m.put("dnsCacheHits", c.cacheHits());
        m.put("dnsUpstreamFailures", c.upstreamFailures());
        m.put("dnsTruncated", c.truncated());
        m.put("dnsRejected", c.rejected());
        m.put("dnsDropped", c.droppedMalformed() + c.overloaded());
        m.put("dnsReleaseRefused", c.releaseRefused());
        m.put("dnsInternalErrors", c.internalErrors() + c.listenerFailures());
        m.put("unattributed", recorder.unattributed());
        m.put("processUnknown", recorder.processUnknown());
        return m;
    }

    @Override
    public void close() throws AgentException {
        stop();
    }

    private static void closeQuietly(EventLog log, ExecutorService lookups) {
        lookups.shutdown();
        try {
            log.close();
        } catch (IOException ignored) {
            // closing after a failed start; the start failure is what the user needs to see
        }
    }
}
