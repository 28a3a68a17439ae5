package dev.runwall.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How the proxy listens and forwards. Start from {@link #defaults(List)} and change what you need with the
 * {@code with…} methods.
 *
 * @param listen addresses to serve on, UDP and TCP each (port 0: an ephemeral port, the same for both)
 * @param upstreams the resolvers to forward to, asked in order of preference
 * @param attemptTimeout one attempt at one upstream (UDP, or the TCP retry of a truncated answer)
 * @param maxAttempts attempts per query across all upstreams before SERVFAIL
 * @param queryDeadline the whole budget of a query upstream; clients retry after about 5 s, so stay below
 * @param upstreamUdpPayload the EDNS0 UDP size we advertise upstream (1232 avoids IP fragmentation)
 * @param maxUdpPayload the largest UDP response we send a client, whatever size it advertises
 * @param cacheEntries answers kept; 0 turns the cache off
 * @param maxCacheTtl cap on how long a positive answer is cached
 * @param maxNegativeTtl cap on how long NXDOMAIN and NODATA answers are cached (RFC 2308)
 * @param upstreamSockets UDP sockets shared by all queries to upstream
 * @param maxInFlight queries handled at once; more are dropped and counted (clients retry)
 * @param maxTcpClients TCP connections served at once; more are closed at once
 * @param tcpIdleTimeout how long a TCP client may stay connected without sending a query
 */
public record DnsProxyConfig(
        List<InetSocketAddress> listen,
        List<InetSocketAddress> upstreams,
        Duration attemptTimeout,
        int maxAttempts,
        Duration queryDeadline,
        int upstreamUdpPayload,
        int maxUdpPayload,
        int cacheEntries,
        Duration maxCacheTtl,
        Duration maxNegativeTtl,
        int upstreamSockets,
        int maxInFlight,
        int maxTcpClients,
        Duration tcpIdleTimeout) {

    public static final int DNS_PORT = 53;

    public DnsProxyConfig {
        listen = List.copyOf(listen);
        upstreams = List.copyOf(upstreams);
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("at least one upstream resolver is needed");
        }
        if (maxAttempts < 1 || upstreamSockets < 1 || maxInFlight < 1 || maxTcpClients < 1) {
            throw new IllegalArgumentException("attempts, sockets, in-flight and TCP client limits must be positive");
        }
        if (upstreamUdpPayload < DnsQuery.CLASSIC_UDP_SIZE || maxUdpPayload < DnsQuery.CLASSIC_UDP_SIZE
                || upstreamUdpPayload > 65_535 || maxUdpPayload > 65_535) {
            throw new IllegalArgumentException("EDNS0 payload sizes must be between 512 and 65535");
        }
    }

    /** The default listen addresses: {@code 127.0.0.1:53} and {@code [::1]:53}. */
    public static List<InetSocketAddress> defaultListen() {
        return List.of(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), DNS_PORT),
                new InetSocketAddress(loopback6(), DNS_PORT));
    }

    /** Sane defaults forwarding to {@code upstreams}. */
    public static DnsProxyConfig defaults(List<InetSocketAddress> upstreams) {
        return new DnsProxyConfig(defaultListen(), upstreams, Duration.ofMillis(1200), 3, Duration.ofMillis(4000),
                1232, 1232, 10_000, Duration.ofDays(1), Duration.ofMinutes(5), 4, 10_000, 512,
                Duration.ofSeconds(10));
    }

    public DnsProxyConfig withListen(List<InetSocketAddress> addresses) {
        return new DnsProxyConfig(addresses, upstreams, attemptTimeout, maxAttempts, queryDeadline,
                upstreamUdpPayload, maxUdpPayload, cacheEntries, maxCacheTtl, maxNegativeTtl, upstreamSockets,
                maxInFlight, maxTcpClients, tcpIdleTimeout);
    }

    public DnsProxyConfig withTimeouts(Duration attempt, int attempts, Duration deadline) {
        return new DnsProxyConfig(listen, upstreams, attempt, attempts, deadline, upstreamUdpPayload,
                maxUdpPayload, cacheEntries, maxCacheTtl, maxNegativeTtl, upstreamSockets, maxInFlight,
                maxTcpClients, tcpIdleTimeout);
    }

    public DnsProxyConfig withPayloadSizes(int upstream, int maxToClients) {
        return new DnsProxyConfig(listen, upstreams, attemptTimeout, maxAttempts, queryDeadline, upstream,
                maxToClients, cacheEntries, maxCacheTtl, maxNegativeTtl, upstreamSockets, maxInFlight,
                maxTcpClients, tcpIdleTimeout);
    }

    public DnsProxyConfig withCache(int entries, Duration maxTtl, Duration maxNegative) {
        return new DnsProxyConfig(listen, upstreams, attemptTimeout, maxAttempts, queryDeadline,
                upstreamUdpPayload, maxUdpPayload, entries, maxTtl, maxNegative, upstreamSockets, maxInFlight,
                maxTcpClients, tcpIdleTimeout);
    }

    public DnsProxyConfig withLimits(int inFlight, int tcpClients, Duration tcpIdle) {
        return new DnsProxyConfig(listen, upstreams, attemptTimeout, maxAttempts, queryDeadline,
                upstreamUdpPayload, maxUdpPayload, cacheEntries, maxCacheTtl, maxNegativeTtl, upstreamSockets,
                inFlight, tcpClients, tcpIdle);
    }

    private static InetAddress loopback6() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("a 16-byte address is always valid", e);
        }
    }
}
