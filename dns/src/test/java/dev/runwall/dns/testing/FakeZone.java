package dev.runwall.dns.testing;

import static dev.runwall.dns.Messages.name;

import dev.runwall.dns.Messages;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The records a fake upstream answers from, authoritatively, following CNAMEs inside the zone. */
public final class FakeZone {
    public static final String APEX = "dnsit.test";
    private static final int MAX_CHAIN = 8;

    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();

    public FakeZone add(Record r) {
        records.computeIfAbsent(r.getName(), k -> new CopyOnWriteArrayList<>()).add(r);
        return this;
    }

    public FakeZone host(String host, String ipv4, String ipv6) {
        add(Messages.a(host, 300, ipv4));
        return add(Messages.aaaa(host, 300, ipv6));
    }

    public FakeZone cname(String owner, String target) {
        return add(Messages.cname(owner, 300, target));
    }

    public FakeZone txt(String owner, String text) {
        return add(new TXTRecord(name(owner), DClass.IN, 300, text));
    }

    public FakeZone mx(String owner, String exchange) {
        return add(new MXRecord(name(owner), DClass.IN, 300, 10, name(exchange)));
    }

    public FakeZone srv(String owner, int port, String target) {
        return add(new SRVRecord(name(owner), DClass.IN, 300, 0, 5, port, name(target)));
    }

    public FakeZone record(String owner, int type, String rdata) {
        try {
            return add(Record.fromString(name(owner), type, DClass.IN, 300, rdata, Name.root));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(rdata, e);
        }
    }

    /** The authoritative answer to {@code query}. */
    public Message answer(Message query) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            m.getHeader().setFlag(Flags.RD);
        }
        m.getHeader().setFlag(Flags.RA);
        Record question = query.getQuestion();
        m.addRecord(question, Section.QUESTION);
        int type = question.getType();
        Name current = question.getName();
        boolean found = false;
        for (int hop = 0; hop < MAX_CHAIN; hop++) {
            List<Record> here = records.getOrDefault(current, List.of());
            List<Record> matching = here.stream().filter(r -> type == Type.ANY || r.getType() == type).toList();
            if (!matching.isEmpty()) {
                matching.forEach(r -> m.addRecord(r, Section.ANSWER));
                found = true;
                break;
            }
            Record cname = here.stream().filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
            if (cname == null) {
                if (!found && here.isEmpty()) {
                    m.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                m.addRecord(Messages.soa(APEX, 60, 30), Section.AUTHORITY);
                break;
            }
            m.addRecord(cname, Section.ANSWER);
            found = true;
            current = ((org.xbill.DNS.CNAMERecord) cname).getTarget();
        }
        return m;
    }
}
