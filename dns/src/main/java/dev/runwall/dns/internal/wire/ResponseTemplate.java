package dev.runwall.dns.internal.wire;

import dev.runwall.dns.DnsQuery;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * An upstream answer in wire form without its OPT (and TSIG) record, ready to be sent to any client that
 * asks the same question: the id, flags, question case and OPT record come from the client's query and the
 * TTLs are aged by patching bytes, so a cache hit costs one array copy.
 */
public final class ResponseTemplate {
    private final byte[] wire;
    private final TtlLayout layout;
    private final int upstreamFlags;

    private ResponseTemplate(byte[] wire, TtlLayout layout, int upstreamFlags) {
        this.wire = wire;
        this.layout = layout;
        this.upstreamFlags = upstreamFlags;
    }

    /**
     * Takes {@code upstream} apart; the message is changed (its OPT and TSIG records are removed).
     *
     * @throws WireParseException when the re-encoded message cannot be laid out (a bug, or a message dnsjava
     *     accepted but cannot write back consistently)
     */
    public static ResponseTemplate of(Message upstream) throws WireParseException {
        for (Record r : List.copyOf(upstream.getSection(Section.ADDITIONAL))) { // a live view in dnsjava
            if (r.getType() == Type.OPT || r.getType() == Type.TSIG || r.getType() == Type.SIG) {
                upstream.removeRecord(r, Section.ADDITIONAL);
            }
        }
        byte[] wire = upstream.toWire();
        if (wire.length < Header.LENGTH) {
            throw new WireParseException("re-encoded answer has no header");
        }
        int flags = ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF);
        return new ResponseTemplate(wire, TtlLayout.of(wire), flags);
    }

    /** The response code in the header (upstream extended codes are not kept). */
    public int rcode() {
        return upstreamFlags & 0xF;
    }

    /** The size of the response without OPT record. */
    public int length() {
        return wire.length;
    }

    /**
     * The response for {@code query}, aged by {@code ageSeconds}.
     *
     * @param limit the largest response the client takes (over UDP its advertised size, over TCP 65535); a
     *     larger response becomes a truncated stub (header, question, OPT, TC set) so that a UDP client
     *     retries over TCP
     * @param udpPayload the payload size we advertise in our OPT record
     */
    public byte[] render(DnsQuery query, long ageSeconds, int limit, int udpPayload) {
        boolean opt = query.edns().present();
        int length = wire.length + (opt ? MinimalResponse.OPT_LENGTH : 0);
        if (length > limit) {
            return MinimalResponse.forQuery(query, rcode(), (upstreamFlags & Header.AA) != 0, true, udpPayload);
        }
        byte[] bytes = new byte[length];
        System.arraycopy(wire, 0, bytes, 0, wire.length);
        int flags = Header.QR | (upstreamFlags & (Header.AA | Header.RA)) | rcode();
        if ((upstreamFlags & Header.AD) != 0 && (query.authenticData() || query.edns().dnssecOk())) {
            flags |= Header.AD; // RFC 6840 5.8: only to clients that signalled they understand it
        }
        if (query.recursionDesired()) {
            flags |= Header.RD;
        }
        if (query.checkingDisabled()) {
            flags |= Header.CD;
        }
        putU16(bytes, 0, query.id());
        putU16(bytes, 2, flags);
        byte[] asked = query.name().toWire();
        if (asked.length == layout.questionEnd() - Header.LENGTH - 4) {
            // Echo the question in the client's own letter case (resolvers using 0x20 randomisation check it).
            System.arraycopy(asked, 0, bytes, Header.LENGTH, asked.length);
        }
        layout.age(bytes, ageSeconds);
        if (opt) {
            MinimalResponse.putOpt(bytes, wire.length, udpPayload, 0, query.edns().dnssecOk());
            int additional = ((bytes[10] & 0xFF) << 8) | (bytes[11] & 0xFF);
            putU16(bytes, 10, additional + 1);
        }
        return bytes;
    }

    private static void putU16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }
}
