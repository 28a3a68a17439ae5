package dev.runwall.dns.internal.wire;

import dev.runwall.dns.DnsQuery;
import java.io.ByteArrayOutputStream;

/**
 * Our query to an upstream for a client's question, written straight to wire format: id 0 (the sender
 * sets a random one), the client's RD and CD bits, AD when the client understands it, the question as
 * asked, and our own OPT record (our UDP size, the client's DO bit, no options: cookies and client
 * subnet of the client are not passed on).
 */
public final class UpstreamQuery {
    private UpstreamQuery() {}

    public static byte[] of(DnsQuery query, int udpPayload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        int flags = 0;
        if (query.recursionDesired()) {
            flags |= Header.RD;
        }
        if (query.checkingDisabled()) {
            flags |= Header.CD;
        }
        if (query.authenticData() || query.edns().dnssecOk()) {
            flags |= Header.AD;
        }
        MinimalResponse.writeU16(out, 0);
        MinimalResponse.writeU16(out, flags);
        MinimalResponse.writeU16(out, 1);
        MinimalResponse.writeU16(out, 0);
        MinimalResponse.writeU16(out, 0);
        MinimalResponse.writeU16(out, 1);
        out.writeBytes(query.name().toWire());
        MinimalResponse.writeU16(out, query.type());
        MinimalResponse.writeU16(out, query.dclass());
        MinimalResponse.writeOpt(out, udpPayload, 0, query.edns().dnssecOk());
        return out.toByteArray();
    }
}
