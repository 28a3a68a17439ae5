package dev.runwall.dns.internal.wire;

import java.util.Arrays;
import org.xbill.DNS.WireParseException;

/**
 * Where the TTL fields of a response sit in its wire form, so a cached response can be aged by patching
 * bytes instead of being rebuilt.
 *
 * @param questionEnd offset just past the (single) question
 * @param ttlOffsets offsets of the 32-bit TTL of every record except OPT
 * @param ttls the TTLs found there
 */
public record TtlLayout(int questionEnd, int[] ttlOffsets, long[] ttls) {
    private static final int OPT_TYPE = 41;

    public static TtlLayout of(byte[] wire) throws WireParseException {
        WireCursor c = new WireCursor(wire, 4);
        int questions = c.u16();
        int records = c.u16() + c.u16() + c.u16();
        for (int i = 0; i < questions; i++) {
            c.skipName();
            c.skip(4);
        }
        int questionEnd = c.position();
        int[] offsets = new int[records];
        long[] ttls = new long[records];
        int n = 0;
        for (int i = 0; i < records; i++) {
            c.skipName();
            int type = c.u16();
            c.skip(2);
            int ttlAt = c.position();
            long ttl = c.u32();
            c.skip(c.u16());
            if (type != OPT_TYPE) {
                offsets[n] = ttlAt;
                ttls[n] = ttl;
                n++;
            }
        }
        return new TtlLayout(questionEnd, Arrays.copyOf(offsets, n), Arrays.copyOf(ttls, n));
    }

    /** Writes {@code ttl - age} (at least 0) into every TTL field of {@code copy}. */
    public void age(byte[] copy, long ageSeconds) {
        for (int i = 0; i < ttlOffsets.length; i++) {
            long ttl = Math.max(0, ttls[i] - ageSeconds);
            int at = ttlOffsets[i];
            copy[at] = (byte) (ttl >>> 24);
            copy[at + 1] = (byte) (ttl >>> 16);
            copy[at + 2] = (byte) (ttl >>> 8);
            copy[at + 3] = (byte) ttl;
        }
    }
}
