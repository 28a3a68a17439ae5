package dev.runwall.dns;

import static dev.runwall.dns.Messages.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.testing.FakeUpstream;
import dev.runwall.dns.testing.FakeUpstream.Fault;
import dev.runwall.sandbox.SandboxTestKit;
import dev.runwall.dns.testing.OutcomeRecorder;
import dev.runwall.dns.testing.ProxyFixture;
import dev.runwall.dns.testing.TestClient;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Upstream faults, timeouts and load, with real sockets inside the test network namespace. */
class DnsProxyFailureIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ProxyFixture fixture = new ProxyFixture();
    private final OutcomeRecorder recorder = new OutcomeRecorder();

    @BeforeAll
    static void insideTestNamespace() {
        SandboxTestKit.requireTestNetworkNamespace();
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"DROP", "SERVFAIL", "REFUSED", "GARBAGE", "WRONG_ID", "WRONG_QUESTION",
        "CLOSE_TCP"})
    void everyUpstreamFaultEndsInServfailWithinTheDeadline(Fault fault) throws Exception {
        fixture.upstream(ProxyFixture.UPSTREAM_1).fault(fault);
        fixture.start(EgressPolicy.audit(), recorder); // 2 attempts of 400 ms, 1500 ms deadline
        long start = System.nanoTime();

        Message r = TestClient.udp(fixture.v4(), query("api.dnsit.test", Type.A), TIMEOUT);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(r.getHeader().getID()).isEqualTo(4711);
        assertThat(millis).as("bounded by the query deadline").isLessThan(2_500);
        assertThat(fixture.counters().upstreamFailures()).isEqualTo(1);
        assertThat(recorder.awaitFirst().reason()).contains("upstream failed");
    }

    @Test
    void forgedAnswersAreIgnoredAndCounted() throws Exception {
        fixture.upstream(ProxyFixture.UPSTREAM_1).fault(Fault.WRONG_ID);
        fixture.start(EgressPolicy.audit(), recorder);

        TestClient.udp(fixture.v4(), query("api.dnsit.test", Type.A), TIMEOUT);

        assertThat(fixture.counters().upstreamIgnored()).isEqualTo(2);
    }

    @Test
    void nextUpstreamAnswersWhenTheFirstIsSilentAndIsPreferredAfterwards() throws Exception {
        FakeUpstream silent = fixture.upstream(ProxyFixture.UPSTREAM_1).fault(Fault.DROP);
        FakeUpstream working = fixture.upstream(ProxyFixture.UPSTREAM_2);
        fixture.start(EgressPolicy.audit(), recorder);

        Message first = TestClient.udp(fixture.v4(), query("api.dnsit.test", Type.A), TIMEOUT);
        Message second = TestClient.udp(fixture.v4(), query("api.dnsit.test", Type.AAAA), TIMEOUT);

        assertThat(first.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(second.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(silent.received()).hasSize(1);
        assertThat(working.received()).hasSize(2);
    }

    @Test
    void ipv6UpstreamWorks() throws Exception {
        FakeUpstream v6 = fixture.upstream(ProxyFixture.UPSTREAM_V6);
        fixture.start(EgressPolicy.audit(), recorder);

        Message r = TestClient.tcp(fixture.v6(), query("www.dnsit.test", Type.AAAA), TIMEOUT);

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(v6.received()).hasSize(1);
    }

    @Test
    void truncatedUpstreamAnswerIsFetchedAgainOverTcp() throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1).fault(Fault.TRUNCATE);
        fixture.start(EgressPolicy.audit(), recorder);

        Message r = TestClient.udp(fixture.v4(), query("www.dnsit.test", Type.A), TIMEOUT);

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getSection(Section.ANSWER)).hasSize(2);
        assertThat(upstream.received()).extracting(FakeUpstream.Received::transport).containsExactly("udp", "tcp");
        assertThat(fixture.counters().tcpFallbacks()).isEqualTo(1);
    }

    @Test
    void twoThousandQueriesInFlightAtOnceAreAllAnswered() throws Exception {
        int count = 2_000;
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1).fault(Fault.DELAY).delay(Duration.ofMillis(800));
        for (int i = 0; i < count; i++) {
            upstream.zone().add(Messages.a("n" + i + ".load.dnsit.test", 300, "198.18." + (100 + i / 250) + "." + (i % 250)));
        }
        fixture.start(fixture.config().withTimeouts(Duration.ofSeconds(3), 2, Duration.ofSeconds(4)),
                EgressPolicy.audit(), recorder);
        Map<String, String> answers = new ConcurrentHashMap<>();

        try (DatagramChannel client = DatagramChannel.open()) {
            client.connect(fixture.v4());
            Thread receiver = Thread.ofPlatform().start(() -> receiveAll(client, answers, count));
            for (int round = 0; round < 3 && answers.size() < count; round++) {
                for (int i = 0; i < count; i++) {
                    if (!answers.containsKey("n" + i + ".load.dnsit.test")) {
                        client.write(ByteBuffer.wrap(query("n" + i + ".load.dnsit.test", Type.A).toWire()));
                    }
                }
                receiver.join(4_000); // resend what is missing, as a stub resolver would
            }
            receiver.join(4_000);
        }

        assertThat(answers).hasSize(count);
        assertThat(answers.get("n1999.load.dnsit.test")).isEqualTo("198.18.107.249");
        assertThat(upstream.maxConcurrent()).as("queries really were in flight together").isGreaterThan(1_000);
        assertThat(fixture.counters().upstreamFailures()).isZero();
    }

    @Test
    void identicalQueriesInFlightAreAskedUpstreamOnce() throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1).fault(Fault.DELAY).delay(Duration.ofMillis(300));
        fixture.start(EgressPolicy.audit(), recorder);
        Map<Integer, Integer> rcodes = new ConcurrentHashMap<>();

        try (DatagramChannel client = DatagramChannel.open()) {
            client.connect(fixture.v4());
            for (int id = 1; id <= 50; id++) {
                Message q = query("api.dnsit.test", Type.A);
                q.getHeader().setID(id);
                client.write(ByteBuffer.wrap(q.toWire()));
            }
            client.socket().setSoTimeout(3_000); // the socket adaptor's receive honours it; a miss fails the test
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[4096], 4096);
            while (rcodes.size() < 50) {
                client.socket().receive(p);
                Message m = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                rcodes.put(m.getHeader().getID(), m.getRcode());
            }
        }

        assertThat(rcodes).hasSize(50).allSatisfy((id, rcode) -> assertThat(rcode).isEqualTo(Rcode.NOERROR));
        assertThat(upstream.received()).hasSize(1);
        assertThat(fixture.counters().coalesced()).isEqualTo(49);
    }

    private static void receiveAll(DatagramChannel client, Map<String, String> answers, int count) {
        ByteBuffer buffer = ByteBuffer.allocate(65_535);
        try {
            client.socket().setSoTimeout(12_000);
            java.net.DatagramPacket p = new java.net.DatagramPacket(buffer.array(), buffer.capacity());
            while (answers.size() < count) {
                client.socket().receive(p);
                Message m = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                if (m.getRcode() == Rcode.NOERROR && !m.getSection(Section.ANSWER).isEmpty()) {
                    answers.put(m.getQuestion().getName().toString(true),
                            ((ARecord) m.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress());
                }
            }
        } catch (java.io.IOException e) {
            // timed out: the assertions say what is missing
        }
    }

    @Test
    void clientThatGoesAwayCostsNothing() throws Exception {
        fixture.upstream(ProxyFixture.UPSTREAM_1).fault(Fault.DELAY).delay(Duration.ofMillis(200));
        fixture.start(EgressPolicy.audit(), recorder);
        try (DatagramChannel gone = DatagramChannel.open()) {
            gone.send(ByteBuffer.wrap(query("api.dnsit.test", Type.A).toWire()), fixture.v4());
        }

        recorder.awaitFirst();
        Message later = TestClient.udp(fixture.v4(), query("www.dnsit.test", Type.A), TIMEOUT);

        assertThat(later.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(fixture.counters().internalErrors()).isZero();
    }

    @Test
    void silentProxyIsNotWhatATimeoutLooksLike() {
        // Guards the tests above: a timeout of the test client is an exception, never a SERVFAIL.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestClient.udp(
                new InetSocketAddress("198.18.53.3", 5353), query("x.dnsit.test", Type.A), Duration.ofMillis(200)))
                .isInstanceOfAny(SocketTimeoutException.class, java.net.PortUnreachableException.class);
    }
}
