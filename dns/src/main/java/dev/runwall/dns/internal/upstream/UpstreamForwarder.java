package dev.runwall.dns.internal.upstream;

import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.internal.ProxyCounters;
import dev.runwall.dns.internal.wire.UpstreamQuery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Rcode;

/**
 * Asks the upstream resolvers: UDP first with our EDNS0 size, TCP when the answer comes back truncated;
 * on a timeout or an error answer the next upstream is tried, within a fixed number of attempts and one
 * deadline per query. The upstream that answered last is asked first next time.
 */
public final class UpstreamForwarder {
    /**
     * @param attemptTimeout how long one attempt (one upstream, UDP or TCP) may take
     * @param maxAttempts attempts per query across all upstreams
     * @param deadline the whole query's budget: no attempt starts after it
     * @param udpPayload the EDNS0 UDP size we advertise upstream
     */
    public record Settings(Duration attemptTimeout, int maxAttempts, Duration deadline, int udpPayload) {}

    private final List<InetSocketAddress> upstreams;
    private final UdpUpstreamClient udp;
    private final TcpUpstreamClient tcp;
    private final Settings settings;
    private final ProxyCounters counters;
    private final AtomicInteger preferred = new AtomicInteger();

    public UpstreamForwarder(List<InetSocketAddress> upstreams, UdpUpstreamClient udp, TcpUpstreamClient tcp,
            Settings settings, ProxyCounters counters) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("no upstream resolver");
        }
        this.upstreams = List.copyOf(upstreams);
        this.udp = udp;
        this.tcp = tcp;
        this.settings = settings;
        this.counters = counters;
    }

    /** The validated answer of the first upstream that gave a usable one. */
    public UpstreamAnswer forward(DnsQuery query) throws UpstreamException {
        byte[] wire = UpstreamQuery.of(query, settings.udpPayload());
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        int first = preferred.get();
        String lastProblem = "no attempt was made";
        for (int attempt = 0; attempt < settings.maxAttempts(); attempt++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                lastProblem += " (query deadline of " + settings.deadline().toMillis() + " ms reached)";
                break;
            }
            int index = (first + attempt) % upstreams.size();
            InetSocketAddress upstream = upstreams.get(index);
            Duration timeout = Duration.ofNanos(Math.min(settings.attemptTimeout().toNanos(), remaining));
            try {
                UpstreamAnswer answer = UpstreamAnswer.validate(udp.exchange(upstream, wire, timeout), query, upstream);
                if (answer.message().getHeader().getFlag(Flags.TC)) {
                    counters.tcpFallbacks.increment();
                    answer = UpstreamAnswer.validate(tcp.exchange(upstream, wire, timeout), query, upstream);
                }
                int rcode = answer.message().getRcode();
                if (isFailure(rcode)) {
                    lastProblem = UdpUpstreamClient.format(upstream) + " answered " + Rcode.string(rcode);
                    continue;
                }
                preferred.set(index);
                return answer;
            } catch (IOException e) {
                lastProblem = e.getMessage();
            }
        }
        throw new UpstreamException(lastProblem);
    }

    private static boolean isFailure(int rcode) {
        return rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED || rcode == Rcode.NOTIMP || rcode == Rcode.FORMERR
                || rcode > 0xF;
    }
}
