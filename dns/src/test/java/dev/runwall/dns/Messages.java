package dev.runwall.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/** Builds the DNS messages the tests send and the answers fake upstreams give. */
public final class Messages {
    private Messages() {}

    public static Name name(String text) {
        return Name.fromConstantString(text.endsWith(".") ? text : text + ".");
    }

    /** A recursive query with id 4711 and no EDNS. */
    public static Message query(String name, int type) {
        Message m = Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
        m.getHeader().setID(4711);
        return m;
    }

    /** A recursive query with an OPT record advertising {@code udpSize}, DO set as given. */
    public static Message ednsQuery(String name, int type, int udpSize, boolean dnssecOk) {
        Message m = query(name, type);
        m.addRecord(new OPTRecord(udpSize, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        return m;
    }

    /** An empty NOERROR response to {@code query} (same id and question), to add records to. */
    public static Message answerTo(Message query) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RD);
        m.getHeader().setFlag(Flags.RA);
        m.getHeader().setRcode(Rcode.NOERROR);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        return m;
    }

    public static ARecord a(String owner, long ttl, String address) {
        return new ARecord(name(owner), DClass.IN, ttl, inet(address));
    }

    public static AAAARecord aaaa(String owner, long ttl, String address) {
        return new AAAARecord(name(owner), DClass.IN, ttl, inet(address));
    }

    public static CNAMERecord cname(String owner, long ttl, String target) {
        return new CNAMERecord(name(owner), DClass.IN, ttl, name(target));
    }

    public static SOARecord soa(String zone, long ttl, long minimum) {
        return new SOARecord(name(zone), DClass.IN, ttl, name("ns." + zone), name("hostmaster." + zone), 1, 3600,
                600, 86400, minimum);
    }

    public static InetAddress inet(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
