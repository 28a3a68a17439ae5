package dev.runwall.dns.internal;

import dev.runwall.dns.DnsCounters;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link DnsCounters}; contended by every worker, hence adders. */
public final class ProxyCounters {
    public final LongAdder queries = new LongAdder();
    public final LongAdder forwarded = new LongAdder();
    public final LongAdder coalesced = new LongAdder();
    public final LongAdder blocked = new LongAdder();
    public final LongAdder cacheHits = new LongAdder();
    public final LongAdder upstreamFailures = new LongAdder();
    public final LongAdder tcpFallbacks = new LongAdder();
    public final LongAdder truncated = new LongAdder();
    public final LongAdder rejected = new LongAdder();
    public final LongAdder droppedMalformed = new LongAdder();
    public final LongAdder upstreamIgnored = new LongAdder();
    public final LongAdder releaseRefused = new LongAdder();
    public final LongAdder listenerFailures = new LongAdder();
    public final LongAdder overloaded = new LongAdder();
    public final LongAdder internalErrors = new LongAdder();
    public final LongAdder unsent = new LongAdder();

    public DnsCounters snapshot() {
        return new DnsCounters(queries.sum(), forwarded.sum(), coalesced.sum(), blocked.sum(), cacheHits.sum(),
                upstreamFailures.sum(), tcpFallbacks.sum(), truncated.sum(), rejected.sum(), droppedMalformed.sum(),
                upstreamIgnored.sum(), releaseRefused.sum(), listenerFailures.sum(), overloaded.sum(), internalErrors.sum(),
                unsent.sum());
    }
}
