package dev.runwall.dns;

import dev.runwall.core.event.DnsAnswer;
import dev.runwall.core.policy.PortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an answer from upstream (or the cache) says about a query, worked out before it is released.
 *
 * @param domain the queried name (see {@link DnsQuery#domain()})
 * @param type the query type as text
 * @param rcode the response code as text, e.g. {@code NOERROR}, {@code NXDOMAIN}
 * @param answers the answer section, TTLs as the client will see them
 * @param cnameChain the CNAME targets followed from {@code domain}, in order (empty when there is none)
 * @param chainOutsidePolicy the targets of {@code cnameChain} the policy does not cover (block mode only;
 *     they are followed and allowed because the queried name is allowed, and recorded here)
 * @param addresses the A/AAAA records of {@code domain} and its CNAME chain; records of other owners that
 *     an upstream may add are not in this list (the firewall must not learn them)
 * @param ports the ports the policy allows for {@code domain}; empty in audit mode for unlisted names
 * @param fromCache whether the answer came from the cache
 */
public record Resolution(
        String domain,
        String type,
        String rcode,
        List<DnsAnswer> answers,
        List<String> cnameChain,
        List<String> chainOutsidePolicy,
        List<ResolvedAddress> addresses,
        Set<PortSpec> ports,
        boolean fromCache) {

    public Resolution {
        answers = List.copyOf(answers);
        cnameChain = List.copyOf(cnameChain);
        chainOutsidePolicy = List.copyOf(chainOutsidePolicy);
        addresses = List.copyOf(addresses);
        ports = Set.copyOf(ports);
    }

    /** This resolution as served from the cache {@code ageSeconds} after it was stored. */
    public Resolution aged(long ageSeconds) {
        List<DnsAnswer> agedAnswers = new ArrayList<>(answers.size());
        for (DnsAnswer a : answers) {
            agedAnswers.add(new DnsAnswer(a.name(), a.type(), Math.max(0, a.ttl() - ageSeconds), a.data()));
        }
        List<ResolvedAddress> agedAddresses = new ArrayList<>(addresses.size());
        for (ResolvedAddress a : addresses) {
            agedAddresses.add(new ResolvedAddress(a.owner(), a.address(), Math.max(0, a.ttlSeconds() - ageSeconds)));
        }
        return new Resolution(domain, type, rcode, agedAnswers, cnameChain, chainOutsidePolicy, agedAddresses,
                ports, true);
    }
}
