package dev.runwall.agent;

import dev.runwall.agent.attribution.ProcessAttributor;
import dev.runwall.agent.attribution.ProcfsAttributor;
import dev.runwall.agent.daemon.AgentLock;
import dev.runwall.agent.daemon.AgentStatus;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.firewall.ContainerBridges;
import dev.runwall.agent.firewall.Firewall;
import dev.runwall.agent.flow.AddressNames;
import dev.runwall.agent.flow.ConnectionRecorder;
import dev.runwall.agent.flow.FlowLog;
import dev.runwall.agent.internal.AgentCounters;
import dev.runwall.agent.internal.AnswerAllowance;
import dev.runwall.agent.internal.DnsEventRecorder;
import dev.runwall.agent.internal.FirewallStartup;
import dev.runwall.agent.internal.ListenerChain;
import dev.runwall.agent.internal.StartUnwind;
import dev.runwall.agent.internal.SupervisorLauncher;
import dev.runwall.agent.step.StepResolver;
import dev.runwall.core.event.AgentEvent;
import dev.runwall.core.net.IpText;
import dev.runwall.core.policy.EgressMode;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Runwall agent in the current network namespace: the DNS egress gate with event logging and process
 * attribution, the kernel firewall with its flow log, and the redirect of the resolver configuration.
 *
 * <p>Start order: take the namespace's agent lock, restore leftovers of a crashed run and discover the
 * upstream resolvers, open the event log, bind the NFLOG group, start the proxy, install the firewall
 * (replacing a crashed run's table without a gap), redirect the resolver configuration, start the
 * supervisor (audit), and say so in {@code agent.json}. Stop is the reverse and always restores the
 * resolver configuration. Fail modes (docs/FIREWALL.md): a block-mode start that fails once the rules are
 * in the kernel leaves them there, and so does a killed agent; audit mode fails open.
 */
public final class Agent implements AutoCloseable {
    private static final Duration LOCK_WAIT = Duration.ofSeconds(3);

    private final AgentOptions options;
    private final Path stateDir;
    private final AgentLock lock;
    private final EventLog log;
    private final DnsProxy proxy;
    private final ResolvConfRedirect redirect;
    private final DnsEventRecorder recorder;
    private final ExecutorService lookups;
    private final UpstreamDiscovery upstreams;
    private final FirewallStartup firewall;
    private final Process supervisor;
    private final Clock clock;
    private AgentStatus status;
    private boolean stopped;

    private Agent(AgentOptions options, Path stateDir, AgentLock lock, EventLog log, DnsProxy proxy,
            ResolvConfRedirect redirect, DnsEventRecorder recorder, ExecutorService lookups,
            UpstreamDiscovery upstreams, FirewallStartup firewall, Process supervisor, AgentStatus status, Clock clock) {
        this.options = options;
        this.stateDir = stateDir;
        this.lock = lock;
        this.log = log;
        this.proxy = proxy;
        this.redirect = redirect;
        this.recorder = recorder;
        this.lookups = lookups;
        this.upstreams = upstreams;
        this.firewall = firewall;
        this.supervisor = supervisor;
        this.status = status;
        this.clock = clock;
    }

    /**
     * Starts the agent.
     *
     * @param steps how a process is attributed to a step
     * @throws AgentException when the agent cannot run here (not root, an agent already runs, port 53 taken,
     *     no upstream, no nftables in block mode ...)
     */
    public static Agent start(AgentOptions options, StepResolver steps, ProcessAttributor attributor, Clock clock)
            throws AgentException {
        return start(options, AgentAttribution.procfsOnly(steps, attributor), clock);
    }

    /**
     * Starts the agent with full attribution (process table, flow correlator).
     *
     * @throws AgentException when the agent cannot run here (not root, an agent already runs, port 53 taken,
     *     no upstream, no nftables in block mode ...)
     */
    public static Agent start(AgentOptions options, AgentAttribution attribution, Clock clock) throws AgentException {
        StepResolver steps = attribution.steps();
        ProcFs proc = ProcFs.system();
        if (proc.effectiveUid() != 0) {
            throw new AgentException(AgentException.Kind.STATE, "the agent must run as root (it serves DNS on port 53, "
                    + "programs nftables and rewrites " + options.resolver().resolvConf() + "); run it with sudo");
        }
        Path stateDir = options.stateDir() != null ? options.stateDir() : defaultStateDir(proc);
        AgentLock lock = lock(stateDir);
        boolean block = options.policy().mode() == EgressMode.BLOCK;
        AgentStatus status = new AgentStatus(AgentStatus.STARTING, ProcessHandle.current().pid(),
                options.policy().mode().label(), clock.instant(), null,
                options.firewall().enabled() ? options.firewall().table() : null, options.firewall().nflogGroup(),
                options.eventLog().toAbsolutePath().toString(),
                options.reportDir() == null ? null : options.reportDir().toAbsolutePath().toString(), options.job(), 0,
                null);
        var unwind = new StartUnwind(lock, stateDir);
        try {
            status.write(stateDir);
            ResolvConfRedirect redirect = new ResolvConfRedirect(options.resolver(), stateDir);
            UpstreamDiscovery upstreams = discover(redirect, options);
            EventLog log = unwind.add(openLog(options));
            ExecutorService lookups = unwind.add(Executors.newVirtualThreadPerTaskExecutor());
            DnsEventRecorder recorder = new DnsEventRecorder(attribution.dnsClients(), steps,
                    attribution.describer(), log, lookups, options.attributionWait());
            log.append(new AgentEvent(clock.instant(), AgentEvent.STARTED, options.policy().mode().label(),
                    options.policy().toAllowedEndpoints(), "upstream resolvers " + upstreams.upstreams().stream()
                            .map(a -> IpText.bracketed(a.getAddress()) + ":" + a.getPort()).toList()
                            + " from " + upstreams.source() + (upstreams.leftoverRestored()
                                    ? "; restored the resolver configuration a crashed run left behind" : ""),
                    Map.of()));
            AddressNames names = new AddressNames(65_536, Duration.ofHours(1));
            // the attributor given is made for DNS clients (it pairs a socket with the proxy's address); without a
            // correlator, a flow's socket is found by its own local address in the procfs tables
            var connections = attribution.flows() != null
                    ? ConnectionRecorder.correlated(names, log, attribution.flows(), lookups, 4096)
                    : new ConnectionRecorder(names, log, new ProcfsAttributor(proc), steps, lookups, 256);
            List<InetSocketAddress> listen = listenAddresses(options);
            FirewallStartup firewall = unwind.add(FirewallStartup.prepare(options, listen, upstreams, connections, log,
                    clock));
            DnsProxy proxy = unwind.add(startProxy(options, upstreams, listen, new ListenerChain(List.of(
                    new AnswerAllowance(names, firewall.allowedSet(), options.firewall().lifetime(), clock), recorder))));
            Optional<Instant> enforcing = firewall.install(log, clock);
            Instant earlier = options.firewall().enforcedSince();
            status = status.enforcing(enforcing.map(t -> earlier != null && earlier.isBefore(t) ? earlier : t).orElse(null));
            redirectResolver(redirect, proxy, options, unwind);
            Process supervisor = block ? null : SupervisorLauncher.start(options.supervisorCommand(), stateDir,
                    status.pid(), log, clock);
            status = status.supervisedBy(supervisor == null ? 0 : supervisor.pid()).with(AgentStatus.RUNNING, null);
            status.write(stateDir);
            return new Agent(options, stateDir, lock, log, proxy, redirect, recorder, lookups, upstreams, firewall,
                    supervisor, status, clock);
        } catch (AgentException | IOException | RuntimeException e) {
            String message = e.getMessage();
            unwind.abort(status, block, message);
            if (e instanceof AgentException a) {
                throw a;
            }
            throw new AgentException(AgentException.Kind.STATE, "the agent could not start: " + message, e);
        }
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

    public Path stateDir() {
        return stateDir;
    }

    /** What {@code agent.json} says now. */
    public synchronized AgentStatus status() {
        return status;
    }

    /** The firewall in force; empty when it is off (or audit mode went on without it, see the log). */
    public Optional<Firewall> firewall() {
        return firewall.firewall();
    }

    /**
     * Stops: restores the resolver configuration first, then stops the proxy, removes the firewall, drains
     * the flow log, writes the {@code stopped} event and lets go of the lock (the supervisor then exits).
     */
    public synchronized void stop() throws AgentException {
        if (stopped) {
            return;
        }
        stopped = true;
        writeStatus(status.with(AgentStatus.STOPPING, null));
        List<String> problems = new ArrayList<>();
        try {
            redirect.restore();
        } catch (IOException e) {
            problems.add("could not restore " + options.resolver().resolvConf() + ": " + e.getMessage());
        }
        proxy.close();
        firewall.stop().ifPresent(problems::add);
        lookups.shutdown();
        try {
            // a flow's attribution may wait up to 3 s for its audit record (FlowCorrelator); let it finish
            lookups.awaitTermination(4, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.append(new AgentEvent(clock.instant(), AgentEvent.STOPPED, options.policy().mode().label(), null,
                problems.isEmpty() ? null : String.join("; ", problems), counters()));
        try {
            log.close();
        } catch (IOException e) {
            // close() writes what is pending first; if even that fails there is nowhere left to report it
        }
        writeStatus(status.with(problems.isEmpty() ? AgentStatus.STOPPED : AgentStatus.FAILED,
                problems.isEmpty() ? null : String.join("; ", problems)));
        lock.close();
        SupervisorLauncher.awaitExit(supervisor);
        if (!problems.isEmpty()) {
            throw new AgentException(AgentException.Kind.STATE, String.join("; ", problems)
                    + ". Run 'runwall agent stop --cleanup' as root.");
        }
    }

    /** Volume and loss counters, as they go into the {@code stopped} event. */
    public Map<String, Long> counters() {
        return AgentCounters.of(proxy.counters(), recorder, firewall);
    }

    @Override
    public void close() throws AgentException {
        stop();
    }

    private void writeStatus(AgentStatus next) {
        status = next;
        try {
            next.write(stateDir);
        } catch (IOException e) {
            // status is informational; the lock is what says whether an agent runs
        }
    }

    private static AgentLock lock(Path stateDir) throws AgentException {
        try {
            Optional<AgentLock> lock = AgentLock.tryAcquire(stateDir, LOCK_WAIT);
            if (lock.isPresent()) {
                return lock.get();
            }
            String who = "";
            try {
                who = AgentStatus.read(stateDir).map(s -> " (pid " + s.pid() + ", " + s.mode() + " mode since "
                        + s.startedAt() + ")").orElse("");
            } catch (IOException unreadable) {
                // the lock alone is enough to refuse
            }
            throw new AgentException(AgentException.Kind.STATE, "an agent already runs in this network namespace" + who
                    + ": stop it with 'runwall agent stop' first");
        } catch (IOException e) {
            throw new AgentException(AgentException.Kind.STATE, "cannot use the state directory " + stateDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static UpstreamDiscovery discover(ResolvConfRedirect redirect, AgentOptions options) throws AgentException {
        try {
            return redirect.discover(options.listen());
        } catch (ResolverConfigException e) {
            throw new AgentException(AgentException.Kind.STATE, e.getMessage(), e);
        } catch (IOException e) {
            throw new AgentException(AgentException.Kind.STATE, "cannot read the resolver configuration: " + e.getMessage(), e);
        }
    }

    private static EventLog openLog(AgentOptions options) throws AgentException {
        try {
            return EventLog.open(options.eventLog());
        } catch (IOException e) {
            throw new AgentException(AgentException.Kind.INVALID_INPUT, "cannot open the event log " + options.eventLog()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The configured addresses, plus port 53 of every container bridge's gateway. */
    private static List<InetSocketAddress> listenAddresses(AgentOptions options) {
        if (options.firewall().enabled() && options.firewall().listenOnBridges()) {
            return ContainerBridges.system().withGateways(options.listen(), DnsProxyConfig.DNS_PORT);
        }
        return options.listen();
    }

    private static DnsProxy startProxy(AgentOptions options, UpstreamDiscovery upstreams, List<InetSocketAddress> listen,
            ListenerChain listener) throws AgentException {
        try {
            return DnsProxy.start(DnsProxyConfig.defaults(upstreams.upstreams()).withListen(listen), options.policy(),
                    listener);
        } catch (BindException e) {
            throw new AgentException(AgentException.Kind.STATE, "cannot serve DNS: " + e.getMessage()
                    + ". Another DNS server listens there; stop it or run the agent in another network namespace.", e);
        } catch (IOException e) {
            throw new AgentException(AgentException.Kind.STATE, "cannot start the DNS proxy: " + e.getMessage(), e);
        }
    }

    private static void redirectResolver(ResolvConfRedirect redirect, DnsProxy proxy, AgentOptions options,
            StartUnwind unwind) throws AgentException {
        try {
            List<InetAddress> ours = new ArrayList<>();
            for (InetSocketAddress a : proxy.listenAddresses()) {
                if (a.getAddress().isLoopbackAddress() && !ours.contains(a.getAddress())) {
                    ours.add(a.getAddress());
                }
            }
            redirect.redirect(ours);
            unwind.redirected(redirect);
        } catch (IOException | RuntimeException e) {
            throw new AgentException(AgentException.Kind.STATE, "cannot point " + options.resolver().resolvConf()
                    + " at the proxy: " + e.getMessage(), e);
        }
    }
}
