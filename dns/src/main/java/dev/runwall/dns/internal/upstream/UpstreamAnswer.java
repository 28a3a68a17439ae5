package dev.runwall.dns.internal.upstream;

import dev.runwall.dns.DnsQuery;
import dev.runwall.dns.internal.wire.UntrustedMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * An upstream's answer: its bytes as received (they are passed on as they are where possible) and what
 * dnsjava read from them.
 */
public record UpstreamAnswer(byte[] wire, Message message) {

    /** An answer built in memory (fakes and tests). */
    public static UpstreamAnswer of(Message message) {
        return new UpstreamAnswer(message.toWire(), message);
    }

    /**
     * Parses {@code raw} and checks it is a response to {@code query}'s question (name without regard to
     * case, type and class); the id was already matched by the client that received it.
     *
     * @throws IOException (a {@link org.xbill.DNS.WireParseException} when unreadable) naming the upstream
     */
    public static UpstreamAnswer validate(byte[] raw, DnsQuery query, InetSocketAddress upstream) throws IOException {
        Message answer = UntrustedMessage.parse(raw);
        Record q = answer.getQuestion();
        boolean matches = answer.getHeader().getFlag(Flags.QR)
                && answer.getHeader().getOpcode() == Opcode.QUERY
                && answer.getHeader().getCount(Section.QUESTION) == 1
                && q != null
                && q.getName().equals(query.name())
                && q.getType() == query.type()
                && q.getDClass() == query.dclass();
        if (!matches) {
            throw new IOException("the answer of " + UdpUpstreamClient.format(upstream) + " does not match the question");
        }
        return new UpstreamAnswer(raw, answer);
    }
}
