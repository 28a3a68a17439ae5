package dev.runwall.dns.internal.wire;

import dev.runwall.dns.DnsQuery;
import java.util.Arrays;
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
     * Prepares the upstream answer {@code raw}, which dnsjava parsed into {@code parsed}. Usually the upstream's
     * own bytes are kept, cut before the OPT (and TSIG) records at the end, so that record types are passed on
     * exactly as received; when those records are not at the end, or the question is compressed, the message
     * is encoded again by dnsjava instead (and {@code parsed} loses its OPT and TSIG records).
     *
     * @throws WireParseException when the answer can be neither cut nor encoded again
     */
    public static ResponseTemplate of(byte[] raw, Message parsed) throws WireParseException {
        WireLayout layout = WireLayout.of(raw);
        List<WireLayout.Span> records = layout.records();
        int keep = records.size();
        while (keep > 0 && records.get(keep - 1).section() == WireLayout.ADDITIONAL
                && isHopByHop(records.get(keep - 1).type())) {
            keep--;
        }
        boolean hopByHopInside = false;
        for (int i = 0; i < keep; i++) {
            hopByHopInside |= isHopByHop(records.get(i).type());
        }
        Record question = parsed.getQuestion();
        boolean plainQuestion = layout.questionCount() == 1 && question != null
                && layout.questionNameLength() == question.getName().toWire().length;
        if (hopByHopInside || !plainQuestion) {
            return reencoded(parsed);
        }
        byte[] wire = Arrays.copyOf(raw, layout.endOf(keep));
        putU16(wire, 10, layout.additionalCount() - (records.size() - keep));
        return new ResponseTemplate(wire, TtlLayout.of(layout, keep), flagsOf(wire));
    }

    private static ResponseTemplate reencoded(Message parsed) throws WireParseException {
        for (Record r : List.copyOf(parsed.getSection(Section.ADDITIONAL))) { // a live view in dnsjava
            if (isHopByHop(r.getType())) {
                parsed.removeRecord(r, Section.ADDITIONAL);
            }
        }
        byte[] wire;
        try {
            wire = parsed.toWire();
        } catch (RuntimeException e) { // dnsjava cannot write back some records it read (e.g. empty WKS)
            throw new WireParseException("the answer cannot be encoded again: " + e, e);
        }
        return new ResponseTemplate(wire, TtlLayout.of(wire), flagsOf(wire));
    }

    /** Records that belong to one hop only: OPT (EDNS), TSIG and SIG(0) signatures. */
    private static boolean isHopByHop(int type) {
        return type == Type.OPT || type == Type.TSIG || type == Type.SIG;
    }

    private static int flagsOf(byte[] wire) {
        return ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF);
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
