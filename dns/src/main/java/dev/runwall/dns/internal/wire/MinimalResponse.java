package dev.runwall.dns.internal.wire;

import dev.runwall.dns.DnsQuery;
import java.io.ByteArrayOutputStream;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;

/**
 * Responses the proxy makes up itself (NXDOMAIN for blocked names, SERVFAIL, FORMERR, truncation stubs),
 * written straight to wire format: header, the client's question, and an OPT record when the client sent
 * one. No answer and no SOA, so a blocked name is not negatively cached by the client.
 */
public final class MinimalResponse {
    /** The OPT record's fixed size with no options: root name, type, class, TTL, RDLENGTH. */
    static final int OPT_LENGTH = 11;
    private static final int OPT_TYPE = 41;

    private MinimalResponse() {}

    /**
     * A response to {@code query} with {@code rcode} (extended codes above 15 go into the OPT record).
     *
     * @param authoritative set AA, so the answer looks final to the client
     * @param truncated set TC, so a UDP client retries over TCP
     * @param udpPayload the payload size we advertise in our OPT record
     */
    public static byte[] forQuery(DnsQuery query, int rcode, boolean authoritative, boolean truncated, int udpPayload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        int flags = Header.QR | Header.RA | (rcode & 0xF);
        if (authoritative) {
            flags |= Header.AA;
        }
        if (truncated) {
            flags |= Header.TC;
        }
        if (query.recursionDesired()) {
            flags |= Header.RD;
        }
        if (query.checkingDisabled()) {
            flags |= Header.CD;
        }
        boolean opt = query.edns().present();
        writeU16(out, query.id());
        writeU16(out, flags);
        writeU16(out, 1);
        writeU16(out, 0);
        writeU16(out, 0);
        writeU16(out, opt ? 1 : 0);
        out.writeBytes(query.name().toWire());
        writeU16(out, query.type());
        writeU16(out, query.dclass());
        if (opt) {
            writeOpt(out, udpPayload, rcode >>> 4, query.edns().dnssecOk());
        }
        return out.toByteArray();
    }

    /**
     * A header-only error response, for a query whose question could not be read (FORMERR) or whose opcode
     * we do not serve (NOTIMP). Only the id, opcode and RD bit of the query are echoed.
     */
    public static byte[] headerOnly(int id, int queryFlags, int rcode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Header.LENGTH);
        int opcode = (queryFlags >>> 11) & 0xF;
        int flags = Header.QR | Header.RA | (opcode << 11) | (queryFlags & Header.RD) | (rcode & 0xF);
        writeU16(out, id);
        writeU16(out, flags);
        for (int i = 0; i < 4; i++) {
            writeU16(out, 0);
        }
        return out.toByteArray();
    }

    /** Whether {@code opcode} is the standard query (the only one we proxy). */
    public static boolean isStandardQuery(int queryFlags) {
        return ((queryFlags >>> 11) & 0xF) == Opcode.QUERY;
    }

    /** The rcode as text, also for extended codes, e.g. {@code BADVERS}. */
    public static String rcodeName(int rcode) {
        return Rcode.string(rcode);
    }

    static void writeOpt(ByteArrayOutputStream out, int udpPayload, int extendedRcode, boolean dnssecOk) {
        out.write(0);
        writeU16(out, OPT_TYPE);
        writeU16(out, udpPayload);
        out.write(extendedRcode & 0xFF);
        out.write(0);
        writeU16(out, dnssecOk ? 0x8000 : 0);
        writeU16(out, 0);
    }

    /** Writes our OPT record at {@code at} (11 bytes). */
    static void putOpt(byte[] dst, int at, int udpPayload, int extendedRcode, boolean dnssecOk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(OPT_LENGTH);
        writeOpt(out, udpPayload, extendedRcode, dnssecOk);
        System.arraycopy(out.toByteArray(), 0, dst, at, OPT_LENGTH);
    }

    static void writeU16(ByteArrayOutputStream out, int value) {
        out.write((value >>> 8) & 0xFF);
        out.write(value & 0xFF);
    }
}
