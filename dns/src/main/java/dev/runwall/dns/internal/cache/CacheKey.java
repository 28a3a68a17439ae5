package dev.runwall.dns.internal.cache;

import dev.runwall.dns.DnsQuery;
import org.xbill.DNS.Name;

/**
 * What makes two queries share a cached answer. {@link Name#equals} ignores letter case. The DO bit is part
 * of the key because the answer differs (RRSIGs or not); so is CD, since an answer fetched with checking
 * disabled may hold data a validating upstream would have refused.
 */
public record CacheKey(Name name, int type, int dclass, boolean dnssecOk, boolean checkingDisabled) {
    public static CacheKey of(DnsQuery query) {
        return new CacheKey(query.name(), query.type(), query.dclass(), query.edns().dnssecOk(),
                query.checkingDisabled());
    }
}
