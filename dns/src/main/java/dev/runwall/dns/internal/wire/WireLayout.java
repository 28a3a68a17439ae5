package dev.runwall.dns.internal.wire;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.WireParseException;

/**
 * Where things sit in a DNS message: the end of the question and the span of every record, so a response
 * can be cut and aged at byte level without being decoded and encoded again.
 *
 * @param questionCount the QDCOUNT
 * @param questionNameLength the bytes of the first question's name as written (shorter when compressed)
 * @param questionEnd offset just past the questions
 * @param additionalCount the ARCOUNT
 * @param records every record, in order
 */
public record WireLayout(int questionCount, int questionNameLength, int questionEnd, int additionalCount,
        List<Span> records) {

    /** Section numbers as in {@link org.xbill.DNS.Section}. */
    static final int ADDITIONAL = 3;

    /** One record: its section, type, and where it and its TTL field are. */
    public record Span(int section, int type, int start, int ttlAt, long ttl, int end) {}

    public static WireLayout of(byte[] wire) throws WireParseException {
        WireCursor c = new WireCursor(wire, 4);
        int questions = c.u16();
        int[] counts = {c.u16(), c.u16(), c.u16()};
        int nameLength = 0;
        for (int i = 0; i < questions; i++) {
            int start = c.position();
            c.skipName();
            if (i == 0) {
                nameLength = c.position() - start;
            }
            c.skip(4);
        }
        int questionEnd = c.position();
        List<Span> records = new ArrayList<>(counts[0] + counts[1] + counts[2]);
        for (int section = 1; section <= 3; section++) {
            for (int i = 0; i < counts[section - 1]; i++) {
                int start = c.position();
                c.skipName();
                int type = c.u16();
                c.skip(2);
                int ttlAt = c.position();
                long ttl = c.u32();
                c.skip(c.u16());
                records.add(new Span(section, type, start, ttlAt, ttl, c.position()));
            }
        }
        return new WireLayout(questions, nameLength, questionEnd, counts[2], List.copyOf(records));
    }

    /** The end of the first {@code count} records (the end of the question for 0). */
    public int endOf(int count) {
        return count == 0 ? questionEnd : records.get(count - 1).end();
    }
}
