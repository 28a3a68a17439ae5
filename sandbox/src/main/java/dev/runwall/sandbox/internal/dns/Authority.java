package dev.runwall.sandbox.internal.dns;

import dev.runwall.sandbox.DnsFault;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The sandbox internet's DNS: answers every name from the {@link ZoneIndex} with authority (AA) and as
 * a resolver would (RA): CNAME chains followed, NXDOMAIN for unknown names, NODATA with an SOA for
 * known names without the type, ANY, EDNS0, and truncation of UDP answers that exceed the client's size;
 * and the {@link DnsFault}s of the zone. Pure: no I/O (a delay is returned, not waited), safe to share
 * between threads.
 */
public final class Authority {
    /** Longer chains (or loops) end there; the answer holds the chain so far. */
    public static final int MAX_CNAME_CHAIN = 16;
    /** TTL of the synthesised SOA in negative answers, and so of the negative cache entry. */
    public static final int NEGATIVE_TTL = 30;
    /** The most we send over UDP whatever the client offers, and what we advertise. */
    public static final int MAX_UDP_PAYLOAD = 4096;
    /** Without EDNS0 a UDP answer holds at most 512 bytes (RFC 1035). */
    public static final int CLASSIC_UDP_PAYLOAD = 512;

    private static final Name SOA_HOST = Name.fromConstantString("ns.sandbox.runwall.invalid.");
    private static final Name SOA_MAILBOX = Name.fromConstantString("hostmaster.sandbox.runwall.invalid.");

    private final ZoneIndex zone;

    public Authority(ZoneIndex zone) {
        this.zone = zone;
    }

    /** Answers wire bytes; empty when nothing must be sent (a response, or bytes without a header). */
    public Optional<Reply> respond(byte[] wire, Transport transport) {
        Message query;
        try {
            query = new Message(wire);
        } catch (java.io.IOException | RuntimeException e) {
            return formatError(wire);
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return Optional.empty(); // never answer answers: that is how reflection loops start
        }
        Optional<DnsFault> fault = Optional.ofNullable(query.getQuestion()).flatMap(q -> zone.fault(q.getName()));
        if (fault.map(DnsFault::kind).orElse(null) == DnsFault.Kind.DROP) {
            return Optional.of(Reply.drop(query.getQuestion()));
        }
        Message response = answer(query);
        byte[] out = response.toWire();
        int limit = transport == Transport.UDP ? udpLimit(query) : Message.MAXLENGTH;
        boolean forceTc = transport == Transport.UDP && fault.map(DnsFault::kind).orElse(null) == DnsFault.Kind.TRUNCATE;
        boolean truncated = out.length > limit || forceTc;
        if (truncated) {
            out = truncate(response).toWire();
        }
        Duration delay = fault.filter(f -> f.kind() == DnsFault.Kind.DELAY).map(DnsFault::delay).orElse(Duration.ZERO);
        return Optional.of(Reply.send(out, Optional.ofNullable(response.getQuestion()), response.getRcode(), truncated, delay));
    }

    /** The complete answer to a query, before any size limit. */
    public Message answer(Message query) {
        Header qh = query.getHeader();
        Message response = new Message(qh.getID());
        Header h = response.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(qh.getOpcode());
        if (qh.getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        if (questions.size() == 1) {
            response.addRecord(questions.getFirst(), Section.QUESTION);
        }
        OPTRecord opt = query.getOPT();
        if (qh.getOpcode() != Opcode.QUERY) {
            return finish(response, opt, Rcode.NOTIMP);
        }
        if (questions.size() != 1) {
            return finish(response, opt, Rcode.FORMERR);
        }
        if (opt != null && opt.getVersion() > 0) {
            return finish(response, opt, Rcode.BADVERS);
        }
        Record question = questions.getFirst();
        int type = question.getType();
        if (type == Type.OPT || type == Type.TSIG || type == Type.TKEY) {
            return finish(response, opt, Rcode.FORMERR);
        }
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY
                || type == Type.AXFR || type == Type.IXFR) {
            return finish(response, opt, Rcode.REFUSED);
        }
        h.setFlag(Flags.RA);
        Optional<DnsFault.Kind> fault = zone.fault(question.getName()).map(DnsFault::kind);
        if (fault.isPresent() && (fault.get() == DnsFault.Kind.SERVFAIL || fault.get() == DnsFault.Kind.REFUSED)) {
            return finish(response, opt, fault.get() == DnsFault.Kind.SERVFAIL ? Rcode.SERVFAIL : Rcode.REFUSED);
        }
        h.setFlag(Flags.AA);
        return finish(response, opt, resolve(question.getName(), type, response));
    }

    /** Fills the answer (and, for a negative answer, the authority) section; returns the rcode. */
    private int resolve(Name qname, int type, Message response) {
        Set<Name> visited = new HashSet<>();
        Name name = qname;
        for (int hop = 0; ; hop++) {
            Map<Integer, List<Record>> node = zone.node(name);
            if (node == null) {
                response.addRecord(soa(name), Section.AUTHORITY);
                return zone.exists(name) ? Rcode.NOERROR : Rcode.NXDOMAIN;
            }
            if (type == Type.ANY) {
                for (List<Record> rrset : node.values()) {
                    addAll(rrset, name, response);
                }
                return Rcode.NOERROR;
            }
            List<Record> cname = node.get(Type.CNAME);
            if (cname != null && type != Type.CNAME) {
                addAll(cname, name, response);
                Name target = ((CNAMERecord) cname.getFirst()).getTarget();
                if (hop + 1 >= MAX_CNAME_CHAIN || !visited.add(name)) {
                    return Rcode.NOERROR;
                }
                name = target;
                continue;
            }
            List<Record> rrset = node.get(type);
            if (rrset == null) {
                response.addRecord(soa(name), Section.AUTHORITY);
                return Rcode.NOERROR;
            }
            addAll(rrset, name, response);
            return Rcode.NOERROR;
        }
    }

    /** Owner names spelled as asked, so clients that randomise case (0x20) see their own spelling. */
    private static void addAll(List<Record> rrset, Name asked, Message response) {
        for (Record r : rrset) {
            response.addRecord(r.withName(asked), Section.ANSWER);
        }
    }

    /**
     * A synthesised SOA at the nearest ancestor the zone knows (else the top-level domain): always an
     * ancestor of the name, so resolvers accept it for negative caching.
     */
    private SOARecord soa(Name name) {
        Name owner = name.labels() <= 2 ? name : new Name(name, name.labels() - 2);
        for (int strip = 1; strip < name.labels() - 2; strip++) {
            Name ancestor = new Name(name, strip);
            if (zone.exists(ancestor)) {
                owner = ancestor;
                break;
            }
        }
        return new SOARecord(owner, DClass.IN, NEGATIVE_TTL, SOA_HOST, SOA_MAILBOX, 1, 3600, 600, 86400, NEGATIVE_TTL);
    }

    private static Message finish(Message response, OPTRecord queryOpt, int rcode) {
        response.getHeader().setRcode(rcode & 0xF);
        if (queryOpt != null) {
            int doFlag = queryOpt.getFlags() & ExtendedFlags.DO;
            response.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, rcode >>> 4, 0, doFlag), Section.ADDITIONAL);
        }
        return response;
    }

    static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return CLASSIC_UDP_PAYLOAD;
        }
        return Math.clamp(opt.getPayloadSize(), CLASSIC_UDP_PAYLOAD, MAX_UDP_PAYLOAD);
    }

    /** Header, question and OPT only, with TC: the client retries over TCP (RFC 7766). */
    private static Message truncate(Message full) {
        Header fh = full.getHeader();
        Message small = new Message(fh.getID());
        Header h = small.getHeader();
        for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
            if (fh.getFlag(flag)) {
                h.setFlag(flag);
            }
        }
        h.setFlag(Flags.TC);
        h.setOpcode(fh.getOpcode());
        h.setRcode(fh.getRcode());
        for (Record q : full.getSection(Section.QUESTION)) {
            small.addRecord(q, Section.QUESTION);
        }
        OPTRecord opt = full.getOPT();
        if (opt != null) {
            small.addRecord(opt, Section.ADDITIONAL);
        }
        return small;
    }

    /** FORMERR for bytes with a query header but an unreadable body; nothing for less. */
    private static Optional<Reply> formatError(byte[] wire) {
        if (wire.length < Header.LENGTH || (wire[2] & 0x80) != 0) {
            return Optional.empty();
        }
        Message response = new Message(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
        Header h = response.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode((wire[2] >>> 3) & 0xF);
        h.setRcode(Rcode.FORMERR);
        return Optional.of(Reply.send(response.toWire(), Optional.empty(), Rcode.FORMERR, false, Duration.ZERO));
    }
}
