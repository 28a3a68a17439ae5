package dev.runwall.dns.internal.cache;

import java.time.Duration;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * How long an upstream answer may be served from the cache: positive answers for their smallest TTL,
 * negative answers (NXDOMAIN, NODATA) for the SOA's negative TTL as RFC 2308 section 5 defines it, both
 * capped; everything else (errors, truncated answers, negative answers without SOA) is not cached.
 */
public record CacheLifetime(long maxTtlSeconds, long maxNegativeTtlSeconds) {
    /** Not to be cached. */
    public static final long NONE = 0;

    public static CacheLifetime of(Duration maxTtl, Duration maxNegativeTtl) {
        return new CacheLifetime(maxTtl.toSeconds(), maxNegativeTtl.toSeconds());
    }

    /** Seconds the answer may be cached, or {@link #NONE}. */
    public long secondsFor(Message answer) {
        if (answer.getHeader().getFlag(Flags.TC)) {
            return NONE;
        }
        int rcode = answer.getRcode();
        boolean noAnswer = answer.getSection(Section.ANSWER).isEmpty();
        if (rcode == Rcode.NOERROR && !noAnswer) {
            return Math.min(maxTtlSeconds, smallestTtl(answer));
        }
        if (rcode == Rcode.NXDOMAIN || (rcode == Rcode.NOERROR && noAnswer)) {
            for (Record r : answer.getSection(Section.AUTHORITY)) {
                if (r instanceof SOARecord soa) {
                    return Math.min(maxNegativeTtlSeconds, Math.min(soa.getTTL(), soa.getMinimum()));
                }
            }
        }
        return NONE;
    }

    private static long smallestTtl(Message answer) {
        long smallest = Long.MAX_VALUE;
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (Record r : answer.getSection(section)) {
                if (r.getType() != Type.OPT) {
                    smallest = Math.min(smallest, r.getTTL());
                }
            }
        }
        return smallest;
    }
}
