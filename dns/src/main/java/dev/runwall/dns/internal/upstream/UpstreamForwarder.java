package dev.runwall.dns.internal.upstream;

import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.internal.ProxyCounters;
import dev.runwall.dns.internal.wire.UpstreamQuery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
        return forward(query, System.nanoTime(), 0, false, "no attempt was made");
    }

    /**
     * Sends the first attempt (UDP to the preferred upstream) now, on this thread, without waiting. The
     * future completes on the thread that received the answer when that answer is usable as it is; in every
     * other case (a timeout, an error answer, a truncated answer, an unreadable one) it fails with a
     * {@link Retry} to be handed to {@link #continueAfter} on a thread that may wait.
     */
    public CompletableFuture<UpstreamAnswer> firstAttempt(DnsQuery query) {
        long start = System.nanoTime();
        byte[] wire = UpstreamQuery.of(query, settings.udpPayload());
        int index = preferred.get();
        InetSocketAddress upstream = upstreams.get(index);
        Duration timeout = settings.attemptTimeout().compareTo(settings.deadline()) < 0
                ? settings.attemptTimeout() : settings.deadline();
        return udp.exchangeAsync(upstream, wire, timeout).handle((raw, failure) -> {
            if (failure != null) {
                throw new CompletionException(new Retry(start, 1, UdpUpstreamClient.asIoException(failure).getMessage(), false));
            }
            UpstreamAnswer answer;
            try {
                answer = UpstreamAnswer.validate(raw, query, upstream);
            } catch (IOException e) {
                throw new CompletionException(new Retry(start, 1, e.getMessage(), false));
            }
            if (answer.message().getHeader().getFlag(Flags.TC)) {
                // the same attempt goes on over TCP, on a thread that may wait
                throw new CompletionException(new Retry(start, 0, UdpUpstreamClient.format(upstream)
                        + " answered truncated", true));
            }
            int rcode = answer.message().getRcode();
            if (isFailure(rcode)) {
                throw new CompletionException(new Retry(start, 1,
                        UdpUpstreamClient.format(upstream) + " answered " + Rcode.string(rcode), false));
            }
            return answer;
        });
    }

    /** The rest of a query whose {@link #firstAttempt} did not give a usable answer; may wait. */
    public UpstreamAnswer continueAfter(DnsQuery query, Retry retry) throws UpstreamException {
        return forward(query, retry.startNanos(), retry.attemptsUsed(), retry.truncated(), retry.problem());
    }

    /**
     * Why the first attempt was not enough, and what the blocking continuation needs: when the query
     * started (its deadline counts from then), how many attempts are used up, whether the answer was
     * truncated (the same attempt then goes on over TCP), and the last problem.
     */
    public static final class Retry extends Exception {
        private final long startNanos;
        private final int attemptsUsed;
        private final String problem;
        private final boolean truncated;

        Retry(long startNanos, int attemptsUsed, String problem, boolean truncated) {
            super(problem, null, false, false);
            this.startNanos = startNanos;
            this.attemptsUsed = attemptsUsed;
            this.problem = problem;
            this.truncated = truncated;
        }

        boolean truncated() {
            return truncated;
        }

        long startNanos() {
            return startNanos;
        }

        int attemptsUsed() {
            return attemptsUsed;
        }

        String problem() {
            return problem;
        }
    }

    private UpstreamAnswer forward(DnsQuery query, long startNanos, int firstAttempt, boolean truncated,
            String problem) throws UpstreamException {
        byte[] wire = UpstreamQuery.of(query, settings.udpPayload());
        long deadline = startNanos + settings.deadline().toNanos();
        int first = preferred.get();
        String lastProblem = problem;
        for (int attempt = firstAttempt; attempt < settings.maxAttempts(); attempt++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                lastProblem += " (query deadline of " + settings.deadline().toMillis() + " ms reached)";
                break;
            }
            int index = (first + attempt) % upstreams.size();
            InetSocketAddress upstream = upstreams.get(index);
            Duration timeout = Duration.ofNanos(Math.min(settings.attemptTimeout().toNanos(), remaining));
            boolean overTcp = truncated && attempt == firstAttempt; // the first attempt's UDP answer was truncated
            try {
                UpstreamAnswer answer = overTcp ? null
                        : UpstreamAnswer.validate(udp.exchange(upstream, wire, timeout), query, upstream);
                if (overTcp || answer.message().getHeader().getFlag(Flags.TC)) {
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
