package dev.runwall.dns.internal;

import dev.runwall.dns.DnsGate;
import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.Resolution;
import dev.runwall.dns.internal.cache.CacheLifetime;
import dev.runwall.dns.internal.wire.ResponseTemplate;
import dev.runwall.dns.internal.upstream.UpstreamAnswer;
import org.xbill.DNS.WireParseException;

/**
 * An upstream answer prepared once for every later client: its wire template, what it resolves to, and
 * how long it may be cached ({@link CacheLifetime#NONE} for not at all).
 */
public record CachedAnswer(ResponseTemplate template, Resolution resolution, long cacheSeconds) {

    /** Prepares {@code upstream}, the validated answer to {@code query} (its message may be changed). */
    public static CachedAnswer of(DnsGate gate, DnsQuery query, UpstreamAnswer upstream, CacheLifetime lifetime)
            throws WireParseException {
        Resolution resolution = gate.resolve(query, upstream.message());
        long seconds = lifetime.secondsFor(upstream.message());
        return new CachedAnswer(ResponseTemplate.of(upstream.wire(), upstream.message()), resolution, seconds);
    }
}
