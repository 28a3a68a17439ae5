package dev.runwall.dns.internal;

import dev.runwall.core.event.DnsAnswer;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.PortSpec;
import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.Resolution;
import dev.runwall.dns.ResolvedAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Reads an upstream answer: CNAME chain, addresses of the chain, chain names outside the policy. */
public final class AnswerInspector {
    /** Longer chains are not followed (resolvers stop well before this; a loop must not spin). */
    static final int MAX_CHAIN = 16;

    private final NamePolicy names;

    public AnswerInspector(NamePolicy names) {
        this.names = names;
    }

    /** Record data as dig shows it; addresses in their canonical text (RFC 5952 for IPv6). */
    static String presentation(Record r) {
        if (r instanceof org.xbill.DNS.AAAARecord aaaa) {
            return dev.runwall.core.net.IpText.of(aaaa.getAddress());
        }
        return r.rdataToString();
    }

    public Resolution inspect(DnsQuery query, Message answer) {
        List<Record> records = answer.getSection(Section.ANSWER);
        List<DnsAnswer> answers = new ArrayList<>(records.size());
        for (Record r : records) {
            answers.add(new DnsAnswer(names.of(r.getName()).domain(), Type.string(r.getType()), r.getTTL(),
                    presentation(r)));
        }
        Set<Name> chainOwners = new HashSet<>();
        chainOwners.add(query.name());
        List<String> chain = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        Name current = query.name();
        while (chain.size() < MAX_CHAIN) {
            Name target = cnameTarget(records, current);
            if (target == null || !chainOwners.add(target)) {
                break;
            }
            NamePolicy.Known known = names.of(target);
            chain.add(known.domain());
            if (names.policy().mode() == EgressMode.BLOCK && !known.allowed()) {
                outside.add(known.domain());
            }
            current = target;
        }
        List<ResolvedAddress> addresses = new ArrayList<>();
        for (Record r : records) {
            if (r.getDClass() != DClass.IN || !chainOwners.contains(r.getName())) {
                continue;
            }
            if (r instanceof ARecord a) {
                addresses.add(new ResolvedAddress(names.of(r.getName()).domain(), a.getAddress(), r.getTTL()));
            } else if (r instanceof AAAARecord a) {
                addresses.add(new ResolvedAddress(names.of(r.getName()).domain(), a.getAddress(), r.getTTL()));
            }
        }
        Set<PortSpec> ports = names.of(query.name()).ports();
        return new Resolution(query.domain(), query.typeName(), Rcode.string(answer.getRcode()), answers, chain,
                outside, addresses, ports, false);
    }

    private static Name cnameTarget(List<Record> records, Name owner) {
        for (Record r : records) {
            if (r instanceof CNAMERecord c && c.getName().equals(owner)) {
                return c.getTarget();
            }
        }
        return null;
    }
}
