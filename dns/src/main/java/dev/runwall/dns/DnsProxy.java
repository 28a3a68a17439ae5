package dev.runwall.dns;

import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.internal.CachedAnswer;
import dev.runwall.dns.internal.ProxyCounters;
import dev.runwall.dns.internal.QueryPipeline;
import dev.runwall.dns.internal.cache.CacheLifetime;
import dev.runwall.dns.internal.cache.MonotonicClock;
import dev.runwall.dns.internal.cache.ResponseCache;
import dev.runwall.dns.internal.listen.Listeners;
import dev.runwall.dns.internal.listen.TcpServer;
import dev.runwall.dns.internal.listen.UdpServer;
import dev.runwall.dns.internal.upstream.TcpUpstreamClient;
import dev.runwall.dns.internal.upstream.UdpUpstreamClient;
import dev.runwall.dns.internal.upstream.UpstreamAnswer;
import dev.runwall.dns.internal.upstream.UpstreamException;
import dev.runwall.dns.internal.upstream.UpstreamForwarder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The DNS egress proxy: UDP and TCP listeners, the {@link DnsGate}, a cache and the upstream forwarder.
 * Threads and what can be lost are described in docs/dns.md.
 */
public final class DnsProxy implements AutoCloseable {
    private final DnsProxyConfig config;
    private final ProxyCounters counters = new ProxyCounters();
    private final ExecutorService workers;
    private final UdpUpstreamClient upstreamUdp;
    private final QueryPipeline pipeline;
    private final Semaphore inFlight;
    private final Semaphore tcpClients;
    private final List<UdpServer> udpServers = new ArrayList<>();
    private final List<TcpServer> tcpServers = new ArrayList<>();
    private final List<InetSocketAddress> listening = new ArrayList<>();

    private DnsProxy(DnsProxyConfig config, EgressPolicy policy, DnsProxyListener listener) throws IOException {
        this.config = config;
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dns-query-", 0).factory());
        this.upstreamUdp = new UdpUpstreamClient(config.upstreamSockets(), counters);
        UpstreamForwarder forwarder = new UpstreamForwarder(config.upstreams(), upstreamUdp, new TcpUpstreamClient(),
                new UpstreamForwarder.Settings(config.attemptTimeout(), config.maxAttempts(), config.queryDeadline(),
                        config.upstreamUdpPayload()),
                counters);
        this.pipeline = new QueryPipeline(new DnsGate(policy, config.maxUdpPayload()),
                new ResponseCache<CachedAnswer>(config.cacheEntries(), MonotonicClock.system()),
                CacheLifetime.of(config.maxCacheTtl(), config.maxNegativeTtl()), upstream(forwarder), listener,
                counters, config.maxUdpPayload(), InstantSource.system());
        this.inFlight = new Semaphore(config.maxInFlight());
        this.tcpClients = new Semaphore(config.maxTcpClients());
    }

    private static QueryPipeline.Upstream upstream(UpstreamForwarder forwarder) {
        return new QueryPipeline.Upstream() {
            @Override
            public UpstreamAnswer forward(DnsQuery query) throws UpstreamException {
                return forwarder.forward(query);
            }

            @Override
            public CompletableFuture<UpstreamAnswer> firstAttempt(DnsQuery query) {
                return forwarder.firstAttempt(query);
            }

            @Override
            public UpstreamAnswer continueAfter(DnsQuery query, UpstreamForwarder.Retry retry)
                    throws UpstreamException {
                return forwarder.continueAfter(query, retry);
            }
        };
    }

    /**
     * Starts serving on every address of {@code config.listen()}.
     *
     * @throws java.net.BindException when an address cannot be bound; the message names the address
     */
    public static DnsProxy start(DnsProxyConfig config, EgressPolicy policy, DnsProxyListener listener)
            throws IOException {
        DnsProxy proxy = new DnsProxy(config, policy, listener);
        try {
            for (InetSocketAddress address : config.listen()) {
                proxy.listenOn(address);
            }
        } catch (IOException | RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    /**
     * Serves on one more address, UDP and TCP (for example a container bridge's gateway address).
     *
     * @return the bound address (with the actual port when {@code address} had port 0)
     */
    public synchronized InetSocketAddress listenOn(InetSocketAddress address) throws IOException {
        Listeners.Bound bound = Listeners.bind(address);
        UdpServer udp = new UdpServer(bound.udp(), pipeline, workers, inFlight, counters);
        udpServers.add(udp);
        tcpServers.add(new TcpServer(bound.tcp(), pipeline, workers, tcpClients, config.tcpIdleTimeout(), counters));
        listening.add(udp.local());
        return udp.local();
    }

    /** The addresses served, with actual ports. */
    public synchronized List<InetSocketAddress> listenAddresses() {
        return List.copyOf(listening);
    }

    public DnsProxyConfig config() {
        return config;
    }

    public DnsCounters counters() {
        return counters.snapshot();
    }

    /** Stops listening, lets queries in progress finish for up to a second, and releases every socket. */
    @Override
    public synchronized void close() {
        try {
            for (UdpServer s : udpServers) {
                s.close();
            }
            for (TcpServer s : tcpServers) {
                s.close();
            }
            workers.shutdown();
            if (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            upstreamUdp.close();
        }
    }
}
