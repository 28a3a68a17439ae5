package dev.runwall.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.core.policy.PolicyException;
import dev.runwall.dns.DnsCounters;
import dev.runwall.dns.DnsGate;
import dev.runwall.dns.DnsProxyListener;
import dev.runwall.dns.Messages;
import dev.runwall.dns.Transport;
import dev.runwall.dns.internal.cache.CacheLifetime;
import dev.runwall.dns.internal.cache.ResponseCache;
import dev.runwall.dns.internal.upstream.UpstreamAnswer;
import dev.runwall.dns.internal.upstream.UpstreamException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The whole handling path of one query, from client bytes to response bytes, with arbitrary bytes from the
 * client and from the upstream: it must never throw, never count an internal error, and whatever it sends
 * must be a well-formed DNS response to the query it answers; a message it does not answer is counted.
 */
class DnsHandlingFuzzTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 53);
    private static final InetSocketAddress UPSTREAM = new InetSocketAddress("198.18.0.53", 53);
    private static final String POLICY = "api.nuget.org *.github.com:443";

    private record Run(List<byte[]> sent, DnsCounters counters) {}

    private static Run handle(byte[] query, Transport transport, EgressMode mode, QueryPipeline.Upstream upstream)
            throws PolicyException {
        ProxyCounters counters = new ProxyCounters();
        QueryPipeline pipeline = new QueryPipeline(new DnsGate(EgressPolicy.of(mode, POLICY), 1232),
                new ResponseCache<>(16, System::nanoTime), CacheLifetime.of(Duration.ofHours(1), Duration.ofMinutes(5)),
                upstream, DnsProxyListener.NONE, counters, 1232, InstantSource.system());
        List<byte[]> sent = new ArrayList<>();
        pipeline.handle(query, transport, CLIENT, LOCAL, sent::add);
        return new Run(sent, counters.snapshot());
    }

    private static void assertWellFormedAnswers(byte[] query, Run run, Transport transport) throws IOException {
        assertThat(run.counters().internalErrors()).isZero();
        assertThat(run.sent().size()).isLessThanOrEqualTo(1);
        if (run.sent().isEmpty()) {
            assertThat(run.counters().droppedMalformed()).isEqualTo(1);
            return;
        }
        byte[] response = run.sent().getFirst();
        Message parsed = new Message(response);
        assertThat(parsed.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(parsed.getHeader().getID()).isEqualTo(((query[0] & 0xFF) << 8) | (query[1] & 0xFF));
        assertThat(response.length).isLessThanOrEqualTo(transport == Transport.UDP ? 1232 : 65_535);
    }

    /** Arbitrary client bytes, in both modes, on both transports; the upstream answers sensibly. */
    @FuzzTest(maxDuration = "30s")
    void clientBytes(FuzzedDataProvider data) throws Exception {
        EgressMode mode = data.consumeBoolean() ? EgressMode.BLOCK : EgressMode.AUDIT;
        Transport transport = data.consumeBoolean() ? Transport.UDP : Transport.TCP;
        byte[] query = data.consumeRemainingAsBytes();
        Run run = handle(query, transport, mode, q -> {
            Message m = Messages.answerTo(Messages.query(q.name().toString(), q.type()));
            m.addRecord(Messages.a(q.name().toString(), 60, "198.18.1.10"), Section.ANSWER);
            return UpstreamAnswer.of(m);
        });
        assertWellFormedAnswers(query, run, transport);
    }

    /**
     * An allowed query, answered by an upstream whose answer has the right header and question and then
     * arbitrary sections (so the fuzzer spends its effort on records, not on matching the question).
     */
    @FuzzTest(maxDuration = "30s")
    void upstreamBytes(FuzzedDataProvider data) throws Exception {
        Message q = Messages.ednsQuery("api.nuget.org", Type.A, 1232, data.consumeBoolean());
        Message head = Messages.answerTo(q);
        byte[] headWire = head.toWire();
        int answers = data.consumeInt(0, 20);
        int authority = data.consumeInt(0, 5);
        int additional = data.consumeInt(0, 5);
        Transport transport = data.consumeBoolean() ? Transport.UDP : Transport.TCP;
        byte[] sections = data.consumeRemainingAsBytes();
        byte[] upstreamWire = new byte[headWire.length + sections.length];
        System.arraycopy(headWire, 0, upstreamWire, 0, headWire.length);
        System.arraycopy(sections, 0, upstreamWire, headWire.length, sections.length);
        upstreamWire[7] = (byte) answers;
        upstreamWire[9] = (byte) authority;
        upstreamWire[11] = (byte) additional;
        byte[] query = q.toWire();

        Run run = handle(query, transport, EgressMode.BLOCK, parsed -> {
            try {
                return UpstreamAnswer.validate(upstreamWire, parsed, UPSTREAM);
            } catch (IOException e) {
                throw new UpstreamException(e.getMessage());
            }
        });

        assertWellFormedAnswers(query, run, transport);
        assertThat(run.sent()).hasSize(1);
    }
}
