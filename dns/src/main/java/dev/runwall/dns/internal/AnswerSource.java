package dev.runwall.dns.internal;

import dev.runwall.dns.DnsGate;
import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.internal.cache.CacheKey;
import dev.runwall.dns.internal.cache.CacheLifetime;
import dev.runwall.dns.internal.cache.ResponseCache;
import dev.runwall.dns.internal.upstream.UpstreamException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.xbill.DNS.WireParseException;

/**
 * Where an answer comes from: the cache, a query to the same question already on its way upstream (the
 * asker waits for that one instead of sending its own), or upstream.
 */
final class AnswerSource {
    /** The answer and how it was found. */
    record Found(CachedAnswer answer, long ageSeconds, boolean fromCache) {}

    private final DnsGate gate;
    private final ResponseCache<CachedAnswer> cache;
    private final CacheLifetime lifetime;
    private final QueryPipeline.Upstream upstream;
    private final ProxyCounters counters;
    private final ConcurrentHashMap<CacheKey, CompletableFuture<CachedAnswer>> inFlight = new ConcurrentHashMap<>();

    AnswerSource(DnsGate gate, ResponseCache<CachedAnswer> cache, CacheLifetime lifetime,
            QueryPipeline.Upstream upstream, ProxyCounters counters) {
        this.gate = gate;
        this.cache = cache;
        this.lifetime = lifetime;
        this.upstream = upstream;
        this.counters = counters;
    }

    /** The answer from the cache, or null when it is not there (nothing is sent upstream). */
    Found cached(DnsQuery query) {
        ResponseCache.Hit<CachedAnswer> hit = cache.get(CacheKey.of(query));
        if (hit == null) {
            return null;
        }
        counters.cacheHits.increment();
        return new Found(hit.value(), hit.ageSeconds(), true);
    }

    Found find(DnsQuery query) throws UpstreamException, WireParseException {
        Found hit = cached(query);
        if (hit != null) {
            return hit;
        }
        CacheKey key = CacheKey.of(query);
        CompletableFuture<CachedAnswer> mine = new CompletableFuture<>();
        CompletableFuture<CachedAnswer> earlier = inFlight.putIfAbsent(key, mine);
        if (earlier != null) {
            counters.coalesced.increment();
            return new Found(await(earlier), 0, false);
        }
        counters.forwarded.increment();
        try {
            CachedAnswer answer = CachedAnswer.of(gate, query, upstream.forward(query), lifetime);
            cache.put(key, answer, answer.cacheSeconds()); // before leaving inFlight: no gap for a third asker
            mine.complete(answer);
            return new Found(answer, 0, false);
        } catch (UpstreamException | WireParseException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** The first asker's answer; it always ends, within its own query deadline. */
    private static CachedAnswer await(CompletableFuture<CachedAnswer> earlier)
            throws UpstreamException, WireParseException {
        try {
            return earlier.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("interrupted while waiting for the same question in flight");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case UpstreamException u -> throw u;
                case WireParseException w -> throw w;
                case RuntimeException r -> throw r;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }
}
