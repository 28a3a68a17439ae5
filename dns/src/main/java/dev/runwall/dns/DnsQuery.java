package dev.runwall.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A well-formed client query, as the gate read it.
 *
 * @param id the client's message id
 * @param name the question name exactly as asked (case preserved)
 * @param type the question type, e.g. {@link Type#A}
 * @param dclass the question class, e.g. {@code DClass.IN}
 * @param domain the name for policy and events: normalised (lower case, no trailing dot, punycode) when it
 *     is a valid host name, else its lower-case presentation form ({@code .} for the root)
 * @param validHostName whether {@code domain} is a normalised host name (only those can match the policy)
 * @param edns the client's EDNS0 record, or {@link Edns#NONE}
 */
public record DnsQuery(
        int id,
        Name name,
        int type,
        int dclass,
        String domain,
        boolean validHostName,
        boolean recursionDesired,
        boolean checkingDisabled,
        boolean authenticData,
        Edns edns) {

    /** The smallest UDP payload every DNS client accepts (RFC 1035). */
    public static final int CLASSIC_UDP_SIZE = 512;

    /**
     * The client's EDNS0 parameters (RFC 6891).
     *
     * @param present whether the query carried an OPT record
     * @param udpPayloadSize the largest UDP response the client accepts, as advertised
     * @param dnssecOk the DO bit
     */
    public record Edns(boolean present, int udpPayloadSize, boolean dnssecOk) {
        public static final Edns NONE = new Edns(false, CLASSIC_UDP_SIZE, false);
    }

    /** The type as text, e.g. {@code AAAA}, {@code HTTPS}, or {@code TYPE65280} for unknown ones. */
    public String typeName() {
        return Type.string(type);
    }

    /** The largest UDP response this client accepts, capped at {@code ourMaximum}. */
    public int udpResponseLimit(int ourMaximum) {
        if (!edns.present()) {
            return CLASSIC_UDP_SIZE;
        }
        return Math.max(CLASSIC_UDP_SIZE, Math.min(edns.udpPayloadSize(), ourMaximum));
    }
}
