package dev.runwall.dns.internal;

import dev.runwall.dns.DnsGate;
import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.internal.cache.CacheKey;
import dev.runwall.dns.internal.cache.CacheLifetime;
import dev.runwall.dns.internal.cache.ResponseCache;
import dev.runwall.dns.internal.upstream.UpstreamAnswer;
import dev.runwall.dns.internal.upstream.UpstreamException;
import dev.runwall.dns.internal.upstream.Futures;
import dev.runwall.dns.internal.upstream.UpstreamForwarder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
        settle(key, mine, query, () -> upstream.forward(query));
        return new Found(await(mine), 0, false);
    }

    /**
     * Finds the answer without waiting on this thread: a miss sends its first attempt upstream now, and the
     * future completes on the thread that got a usable answer (an upstream socket's receive thread), or on
     * a worker from {@code workers} when the first attempt was not enough (retries, TCP may wait). The
     * future fails with an {@link UpstreamException} or {@link WireParseException} (wrapped) when every
     * attempt failed. Null when the upstream cannot start without waiting: use {@link #find} on a worker.
     */
    CompletableFuture<Found> findAsync(DnsQuery query, Executor workers) {
        Found hit = cached(query);
        if (hit != null) {
            return CompletableFuture.completedFuture(hit);
        }
        CacheKey key = CacheKey.of(query);
        CompletableFuture<CachedAnswer> mine = new CompletableFuture<>();
        CompletableFuture<CachedAnswer> earlier = inFlight.putIfAbsent(key, mine);
        if (earlier != null) {
            counters.coalesced.increment();
            return earlier.thenApply(a -> new Found(a, 0, false));
        }
        CompletableFuture<UpstreamAnswer> first;
        try {
            first = upstream.firstAttempt(query);
        } catch (RuntimeException e) { // never leave a future behind that later askers would wait on forever
            inFlight.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        if (first == null) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(new UpstreamException("no asynchronous upstream"));
            return null;
        }
        counters.forwarded.increment();
        first.whenComplete((answer, failure) -> {
            if (failure == null) {
                settle(key, mine, query, () -> answer);
                return;
            }
            Throwable cause = Futures.cause(failure);
            try {
                workers.execute(() -> settle(key, mine, query, () -> cause instanceof UpstreamForwarder.Retry r
                        ? upstream.continueAfter(query, r) : upstream.forward(query)));
            } catch (RejectedExecutionException closing) {
                settle(key, mine, query, () -> {
                    throw new UpstreamException("the proxy is closing");
                });
            }
        });
        return mine.thenApply(a -> new Found(a, 0, false));
    }

    @FunctionalInterface
    private interface UpstreamCall {
        UpstreamAnswer get() throws UpstreamException;
    }

    /** Caches and hands out the answer {@code call} gives (or its failure); dependents run on this thread. */
    private void settle(CacheKey key, CompletableFuture<CachedAnswer> mine, DnsQuery query, UpstreamCall call) {
        try {
            CachedAnswer answer = CachedAnswer.of(gate, query, call.get(), lifetime);
            cache.put(key, answer, answer.cacheSeconds()); // before leaving inFlight: no gap for a third asker
            inFlight.remove(key, mine);
            mine.complete(answer);
        } catch (UpstreamException | WireParseException | RuntimeException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(e);
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
