package dev.runwall.dns;

import dev.runwall.core.event.Verdict;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.internal.AnswerInspector;
import dev.runwall.dns.internal.NamePolicy;
import dev.runwall.dns.internal.wire.MinimalResponse;
import dev.runwall.dns.internal.wire.UntrustedMessage;
import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * The egress decision for DNS, without any I/O: audit mode forwards everything; block mode answers
 * NXDOMAIN for names outside the policy (never forwarded) and forwards the rest. Every query type is
 * treated alike: the decision depends on the name only.
 */
public final class DnsGate {
    public static final String REASON_AUDIT = "audit mode";
    public static final String REASON_ALLOWED = "in allowed-endpoints";
    public static final String REASON_NOT_ALLOWED = "not in allowed-endpoints";
    public static final String REASON_NOT_A_HOST_NAME = "not a valid host name, so not in allowed-endpoints";

    private final EgressPolicy policy;
    private final int udpPayload;
    private final NamePolicy names;
    private final AnswerInspector inspector;

    /**
     * @param udpPayload the UDP payload size we advertise in the OPT record of our own responses
     */
    public DnsGate(EgressPolicy policy, int udpPayload) {
        this.policy = policy;
        this.udpPayload = udpPayload;
        this.names = new NamePolicy(policy);
        this.inspector = new AnswerInspector(names);
    }

    public EgressPolicy policy() {
        return policy;
    }

    /** Decides on a message exactly as it arrived from a client. */
    public GateDecision decide(byte[] wire) {
        if (!UntrustedMessage.hasHeader(wire)) {
            return new GateDecision.Drop("shorter than a DNS header (" + wire.length + " bytes)");
        }
        int id;
        int flags;
        try {
            id = UntrustedMessage.id(wire);
            flags = UntrustedMessage.flags(wire);
        } catch (WireParseException e) {
            return new GateDecision.Drop(e.getMessage());
        }
        if (UntrustedMessage.isResponse(flags)) {
            // Never answer a response: two forwarders pointed at each other would loop.
            return new GateDecision.Drop("a response, not a query");
        }
        Message message;
        try {
            message = UntrustedMessage.parse(wire);
        } catch (WireParseException e) {
            return reject(null, MinimalResponse.headerOnly(id, flags, Rcode.FORMERR), Rcode.FORMERR,
                    "malformed query: " + e.getMessage());
        }
        return decide(message);
    }

    /** Decides on a parsed message. */
    public GateDecision decide(Message message) {
        org.xbill.DNS.Header header = message.getHeader();
        int id = header.getID();
        int flags = headerFlags(header);
        if (header.getFlag(Flags.QR)) {
            return new GateDecision.Drop("a response, not a query");
        }
        if (!MinimalResponse.isStandardQuery(flags)) {
            return reject(null, MinimalResponse.headerOnly(id, flags, Rcode.NOTIMP), Rcode.NOTIMP,
                    "opcode " + header.getOpcode() + " is not served");
        }
        if (header.getCount(Section.QUESTION) != 1 || message.getQuestion() == null) {
            return reject(null, MinimalResponse.headerOnly(id, flags, Rcode.FORMERR), Rcode.FORMERR,
                    "a query must have exactly one question, this one has " + header.getCount(Section.QUESTION));
        }
        Record question = message.getQuestion();
        Optional<DnsQuery.Edns> edns = readEdns(message);
        DnsQuery query = query(message, question, edns.orElse(DnsQuery.Edns.NONE));
        if (edns.isEmpty()) {
            return reject(query, MinimalResponse.forQuery(query, Rcode.FORMERR, false, false, udpPayload),
                    Rcode.FORMERR, "more than one OPT record");
        }
        OPTRecord opt = message.getOPT();
        if (opt != null && opt.getVersion() != 0) {
            return reject(query, MinimalResponse.forQuery(query, Rcode.BADVERS, false, false, udpPayload),
                    Rcode.BADVERS, "EDNS version " + opt.getVersion() + " is not supported");
        }
        int type = question.getType();
        if (type == Type.OPT || type == Type.TSIG || type == Type.TKEY) {
            return reject(query, MinimalResponse.forQuery(query, Rcode.FORMERR, false, false, udpPayload),
                    Rcode.FORMERR, Type.string(type) + " is not a question type");
        }
        if (type == Type.AXFR || type == Type.IXFR) {
            return reject(query, MinimalResponse.forQuery(query, Rcode.NOTIMP, false, false, udpPayload),
                    Rcode.NOTIMP, "zone transfers are not proxied");
        }
        return decide(query);
    }

    /** The policy decision for a well-formed query. */
    public GateDecision decide(DnsQuery query) {
        if (policy.mode() == EgressMode.AUDIT) {
            return new GateDecision.Forward(query, Verdict.AUDITED, REASON_AUDIT);
        }
        if (names.of(query.name()).allowed()) {
            return new GateDecision.Forward(query, Verdict.ALLOWED, REASON_ALLOWED);
        }
        byte[] nxdomain = MinimalResponse.forQuery(query, Rcode.NXDOMAIN, true, false, udpPayload);
        return new GateDecision.Block(query, nxdomain, query.validHostName() ? REASON_NOT_ALLOWED : REASON_NOT_A_HOST_NAME);
    }

    /**
     * Works out what an upstream answer to {@code query} says: the CNAME chain, the addresses of the name
     * and its chain, the names of the chain outside the policy, and the ports to allow.
     */
    public Resolution resolve(DnsQuery query, Message answer) {
        return inspector.inspect(query, answer);
    }

    private DnsQuery query(Message message, Record question, DnsQuery.Edns edns) {
        org.xbill.DNS.Header h = message.getHeader();
        NamePolicy.Known name = names.of(question.getName());
        return new DnsQuery(h.getID(), question.getName(), question.getType(), question.getDClass(), name.domain(),
                name.hostName(), h.getFlag(Flags.RD), h.getFlag(Flags.CD), h.getFlag(Flags.AD), edns);
    }

    /** The client's EDNS parameters; empty when the query is invalid for having several OPT records. */
    private static Optional<DnsQuery.Edns> readEdns(Message message) {
        OPTRecord found = null;
        for (Record r : message.getSection(Section.ADDITIONAL)) {
            if (r.getType() == Type.OPT) {
                if (found != null) {
                    return Optional.empty();
                }
                found = (OPTRecord) r;
            }
        }
        if (found == null) {
            return Optional.of(DnsQuery.Edns.NONE);
        }
        boolean dnssecOk = (found.getFlags() & org.xbill.DNS.ExtendedFlags.DO) != 0;
        return Optional.of(new DnsQuery.Edns(true, found.getPayloadSize(), dnssecOk));
    }

    private static int headerFlags(org.xbill.DNS.Header header) {
        int flags = header.getOpcode() << 11;
        if (header.getFlag(Flags.RD)) {
            flags |= 0x0100;
        }
        return flags;
    }

    private static GateDecision reject(DnsQuery query, byte[] response, int rcode, String reason) {
        return new GateDecision.Reject(query, rcode, response, reason);
    }
}
