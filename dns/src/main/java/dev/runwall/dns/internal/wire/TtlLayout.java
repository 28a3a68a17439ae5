package dev.runwall.dns.internal.wire;

import java.util.Arrays;
import java.util.List;
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
    static final int OPT_TYPE = 41;

    public static TtlLayout of(byte[] wire) throws WireParseException {
        WireLayout layout = WireLayout.of(wire);
        return of(layout, layout.records().size());
    }

    /** The TTLs of the first {@code count} records of {@code layout}. */
    static TtlLayout of(WireLayout layout, int count) {
        List<WireLayout.Span> records = layout.records();
        int[] offsets = new int[count];
        long[] ttls = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            WireLayout.Span r = records.get(i);
            if (r.type() != OPT_TYPE) {
                offsets[n] = r.ttlAt();
                ttls[n] = r.ttl();
                n++;
            }
        }
        return new TtlLayout(layout.questionEnd(), Arrays.copyOf(offsets, n), Arrays.copyOf(ttls, n));
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
