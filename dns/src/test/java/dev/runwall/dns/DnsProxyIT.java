package dev.runwall.dns;

import static dev.runwall.dns.Messages.ednsQuery;
import static dev.runwall.dns.Messages.inet;
import static dev.runwall.dns.Messages.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.testing.FakeUpstream;
import dev.runwall.sandbox.SandboxTestKit;
import dev.runwall.dns.testing.OutcomeRecorder;
import dev.runwall.dns.testing.ProxyFixture;
import dev.runwall.dns.testing.TestClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The proxy on real sockets, forwarding to a fake upstream, inside the test network namespace. */
class DnsProxyIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

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

    private Message ask(String transport, String family, Message query) throws Exception {
        InetSocketAddress server = family.equals("v6") ? fixture.v6() : fixture.v4();
        return transport.equals("tcp") ? TestClient.tcp(server, query, TIMEOUT) : TestClient.udp(server, query, TIMEOUT);
    }

    @ParameterizedTest(name = "{0} over {1} {2}")
    @CsvSource({
        "A, udp, v4", "A, tcp, v4", "A, udp, v6", "A, tcp, v6",
        "AAAA, udp, v4", "AAAA, tcp, v6", "CNAME, udp, v4", "CNAME, tcp, v6",
        "TXT, udp, v6", "TXT, tcp, v4", "HTTPS, udp, v4", "HTTPS, tcp, v6",
        "MX, udp, v4", "MX, tcp, v4", "SRV, udp, v6", "SRV, tcp, v4",
        "ANY, udp, v4", "ANY, tcp, v6", "SVCB, udp, v4", "PTR, tcp, v4"
    })
    void answersEveryRecordTypeOverUdpAndTcpOnBothFamilies(String type, String transport, String family)
            throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1);
        fixture.start(EgressPolicy.audit(), recorder);
        String name = switch (type) {
            case "CNAME" -> "www.dnsit.test";
            case "MX" -> "dnsit.test";
            case "SRV" -> "_ldap._tcp.dnsit.test";
            case "SVCB" -> "svc.dnsit.test";
            case "PTR" -> "10.1.18.198.in-addr.arpa";
            default -> "api.dnsit.test";
        };

        Message r = ask(transport, family, query(name, Type.value(type)));

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getHeader().getID()).isEqualTo(4711);
        List<Record> answers = r.getSection(Section.ANSWER);
        assertThat(answers).isNotEmpty();
        if (!type.equals("ANY")) {
            assertThat(answers).extracting(Record::getType).contains(Type.value(type));
        }
        assertThat(upstream.received()).extracting(FakeUpstream.Received::name).containsExactly(name);
        assertThat(recorder.await(1)).singleElement().satisfies(o -> {
            assertThat(o.transport().label()).isEqualTo(transport);
            assertThat(o.type()).isEqualTo(type);
            assertThat(o.rcode()).isEqualTo("NOERROR");
        });
    }

    @Test
    void cnameChainIsAnsweredWithTheTargetsAddress() throws Exception {
        fixture.upstream(ProxyFixture.UPSTREAM_1);
        fixture.start(EgressPolicy.audit(), recorder);

        Message r = ask("udp", "v4", query("www.dnsit.test", Type.A));

        assertThat(r.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.CNAME, Type.A);
        assertThat(((ARecord) r.getSection(Section.ANSWER).get(1)).getAddress()).isEqualTo(inet("198.18.1.10"));
        assertThat(recorder.awaitFirst().cnameChain()).containsExactly("api.dnsit.test");
    }

    @Test
    void largeAnswerIsTruncatedForUdpAndCompleteOverTcp() throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1);
        fixture.start(EgressPolicy.audit(), recorder);
        // 40 TXT records of 100 bytes: bigger than our 1232-byte EDNS size towards the upstream too.
        addBigTxt(upstream);

        Message udp = ask("udp", "v4", ednsQuery("big.dnsit.test", Type.TXT, 1232, false));
        Message tcp = ask("tcp", "v4", query("big.dnsit.test", Type.TXT));

        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.getSection(Section.ANSWER)).isEmpty();
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(40);
        assertThat(upstream.received()).extracting(FakeUpstream.Received::transport).contains("udp", "tcp");
    }

    private static void addBigTxt(FakeUpstream upstream) {
        upstream.zone().txt("big.dnsit.test", "x".repeat(100));
        for (int i = 1; i < 40; i++) {
            upstream.zone().txt("big.dnsit.test", "x".repeat(99) + (char) ('A' + i % 26));
        }
    }

    @Test
    void classicClientGetsTruncatedAboveFiveHundredTwelveBytes() throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1);
        fixture.start(EgressPolicy.audit(), recorder);
        for (int i = 0; i < 8; i++) {
            upstream.zone().txt("medium.dnsit.test", "y".repeat(90) + i);
        }

        Message classic = ask("udp", "v4", query("medium.dnsit.test", Type.TXT));
        Message edns = ask("udp", "v4", ednsQuery("medium.dnsit.test", Type.TXT, 1232, false));

        assertThat(classic.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(edns.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(edns.getSection(Section.ANSWER)).hasSize(8);
        assertThat(fixture.counters().truncated()).isEqualTo(1);
        assertThat(fixture.counters().cacheHits()).as("the second came from the cache").isEqualTo(1);
    }

    @Test
    void ednsIsAdvertisedUpstreamAndAnsweredToEdnsClientsOnly() throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1);
        fixture.start(EgressPolicy.audit(), recorder);

        Message withDo = ask("udp", "v4", ednsQuery("api.dnsit.test", Type.A, 4096, true));
        Message plain = ask("udp", "v4", query("api.dnsit.test", Type.AAAA));

        assertThat(withDo.getOPT()).isNotNull();
        assertThat(withDo.getOPT().getPayloadSize()).isEqualTo(1232);
        assertThat(withDo.getOPT().getFlags() & org.xbill.DNS.ExtendedFlags.DO).isNotZero();
        assertThat(plain.getOPT()).isNull();
        assertThat(upstream.received()).allSatisfy(r -> {
            assertThat(r.edns()).isTrue();
            assertThat(r.udpSize()).isEqualTo(1232);
        });
        assertThat(upstream.received()).extracting(FakeUpstream.Received::dnssecOk).containsExactly(true, false);
    }

    @Test
    void secondQueryIsACacheHitWithAgedTtl() throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1);
        fixture.start(EgressPolicy.audit(), recorder);

        Message first = ask("udp", "v4", query("api.dnsit.test", Type.A));
        Message second = ask("tcp", "v6", query("API.dnsit.test", Type.A));

        assertThat(upstream.received()).hasSize(1);
        assertThat(second.getQuestion().getName().toString()).isEqualTo("API.dnsit.test.");
        assertThat(second.getSection(Section.ANSWER).getFirst().getTTL())
                .isLessThanOrEqualTo(first.getSection(Section.ANSWER).getFirst().getTTL());
        // outcomes in completion order: a cache hit may complete before the forwarded query's listener call
        assertThat(recorder.await(2)).filteredOn(QueryOutcome::fromCache).singleElement()
                .satisfies(o -> assertThat(o.transport()).isEqualTo(Transport.TCP)); // the second question
        assertThat(fixture.counters().cacheHits()).isEqualTo(1);
    }

    /** Records on which thread each query's answer was released; optionally holds it until a thread of its own ends the hold. */
    private static final class ReleaseThreads implements DnsProxyListener {
        private final boolean hold;
        final java.util.Map<String, String> threads = new java.util.concurrent.ConcurrentHashMap<>();

        ReleaseThreads(boolean hold) {
            this.hold = hold;
        }

        @Override
        public void queryReceived(QueryContext query) {
            if (hold) {
                var lookup = new java.util.concurrent.CompletableFuture<Void>();
                query.releaseAfter(lookup);
                Thread.ofPlatform().name("lookup-done").start(() -> {
                    try {
                        Thread.sleep(300); // long after the fake upstream has answered
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    lookup.complete(null);
                });
            }
        }

        @Override
        public void beforeRelease(QueryContext query, Resolution resolution) {
            Thread t = Thread.currentThread();
            threads.merge(query.query().domain() + " " + query.transport(), t.isVirtual() ? "virtual" : t.getName(),
                    (earlier, later) -> earlier + "," + later);
        }
    }

    @Test
    void aForwardedUdpAnswerIsReleasedByTheThreadThatReceivedItWithoutAHandOff() throws Exception {
        fixture.upstream(ProxyFixture.UPSTREAM_1);
        ReleaseThreads threads = new ReleaseThreads(false);
        fixture.start(EgressPolicy.audit(), threads);

        assertThat(ask("udp", "v4", query("api.dnsit.test", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ask("tcp", "v4", query("www.dnsit.test", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);

        // the upstream socket's receive thread; or the proxy's own receive thread, if the answer was back before
        // it had finished arranging what follows the send — never a worker
        assertThat(threads.threads.get("api.dnsit.test UDP")).matches("dns-upstream-udp-\\d+|dns-udp-.*");
        assertThat(threads.threads.get("www.dnsit.test TCP")).isEqualTo("virtual"); // a TCP client's own thread
    }

    @Test
    void aHeldForwardedAnswerIsReleasedByTheThreadThatEndsTheHold() throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1);
        ReleaseThreads threads = new ReleaseThreads(true);
        fixture.start(EgressPolicy.audit(), threads);

        assertThat(ask("udp", "v4", query("api.dnsit.test", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ask("udp", "v4", query("api.dnsit.test", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);

        assertThat(upstream.received()).as("the second one was a cache hit").hasSize(1);
        // the forwarded answer, then the cache hit: neither on the thread that received it
        assertThat(threads.threads.get("api.dnsit.test UDP")).isEqualTo("lookup-done,lookup-done");
        assertThat(fixture.counters().cacheHits()).isEqualTo(1);
    }

    /**
     * Holds every answer until the thread that received its query is about to wait, as the agent does to look
     * the askers of a burst up together; records how many answers each such call released, and on which
     * thread answers went out.
     */
    private static final class DeferredHolds implements DnsProxyListener {
        private final List<java.util.concurrent.CompletableFuture<Void>> pending = new java.util.ArrayList<>();
        final List<Integer> releasedTogether = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.Set<String> releaseThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile java.util.concurrent.CountDownLatch gate;
        /** When set, the receive thread's calls do nothing: only another thread's call can end a hold. */
        volatile boolean notOnTheReceiveThread;
        final java.util.Set<String> holdEndingThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** Counted down when the receive thread ends a burst that held a query (its call ignored, when asked to). */
        final java.util.concurrent.CountDownLatch receiveThreadWaits = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void queryReceived(QueryContext query) {
            var lookup = new java.util.concurrent.CompletableFuture<Void>();
            synchronized (pending) {
                pending.add(lookup);
            }
            query.releaseAfter(lookup);
            var g = gate;
            if (g != null) {
                gate = null;
                try {
                    g.await(); // the client sends the rest of its burst meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void beforeWaiting() {
            String thread = Thread.currentThread().getName();
            if (notOnTheReceiveThread && thread.startsWith("dns-udp-")) {
                synchronized (pending) {
                    if (!pending.isEmpty()) { // the end of a burst with a query in it (not an empty wake-up)
                        receiveThreadWaits.countDown();
                    }
                }
                return;
            }
            List<java.util.concurrent.CompletableFuture<Void>> now;
            synchronized (pending) {
                now = List.copyOf(pending);
                pending.clear();
            }
            if (!now.isEmpty()) {
                holdEndingThreads.add(thread);
                releasedTogether.add(now.size());
                now.forEach(f -> f.complete(null));
            }
        }

        @Override
        public void beforeRelease(QueryContext query, Resolution resolution) {
            Thread t = Thread.currentThread();
            releaseThreads.add(query.transport() + " " + (t.isVirtual() ? "virtual" : t.getName()));
        }
    }

    @Test
    void theUdpReceiveThreadHandlesAWaitingBurstThenLetsTheListenerReleaseItsAnswersTogether() throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1);
        DeferredHolds holds = new DeferredHolds();
        fixture.start(EgressPolicy.audit(), holds);
        assertThat(ask("udp", "v4", query("api.dnsit.test", Type.A)).getRcode()).as("forwarded, held, released")
                .isEqualTo(Rcode.NOERROR);

        int burst = 20;
        var gate = new java.util.concurrent.CountDownLatch(1);
        holds.gate = gate;
        java.util.Set<Integer> answered = new java.util.HashSet<>();
        try (var client = java.nio.channels.DatagramChannel.open().connect(fixture.v4())) {
            for (int id = 1; id <= burst; id++) {
                Message q = query("api.dnsit.test", Type.A);
                q.getHeader().setID(id);
                client.write(java.nio.ByteBuffer.wrap(q.toWire()));
            }
            gate.countDown(); // all of it waits on the proxy's socket now, behind the first
            client.socket().setSoTimeout((int) TIMEOUT.toMillis());
            for (int i = 0; i < burst; i++) {
                var packet = new java.net.DatagramPacket(new byte[1500], 1500);
                client.socket().receive(packet);
                Message r = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
                answered.add(r.getHeader().getID());
            }
        }
        assertThat(answered).as("every query of the burst answered").hasSize(burst);
        assertThat(holds.releasedTogether).as("one call per wait: the first query alone, then the whole burst")
                .containsExactly(1, burst);
        assertThat(holds.releaseThreads).as("cache hits released by the receive thread itself")
                .anySatisfy(t -> assertThat(t).startsWith("UDP dns-udp-"))
                .noneSatisfy(t -> assertThat(t).isEqualTo("UDP virtual"));

        assertThat(ask("tcp", "v4", query("api.dnsit.test", Type.A)).getRcode())
                .as("a TCP connection's thread lets the listener run what it put off before it waits")
                .isEqualTo(Rcode.NOERROR);
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void anUpstreamAnswerBackBeforeItsHoldEndsLetsTheListenerRunWhatItPutOffOnTheThreadThatGotTheAnswer()
            throws Exception {
        // the answer comes only once the receive thread has finished its burst and waits (else it would handle an
        // answer already there itself, and its calls do nothing here)
        DeferredHolds holds = new DeferredHolds();
        holds.notOnTheReceiveThread = true; // as if the receive thread were still busy with its burst
        fixture.upstream(ProxyFixture.UPSTREAM_1).fault(FakeUpstream.Fault.DELAY).delay(Duration.ZERO)
                .answerAfter(holds.receiveThreadWaits);
        fixture.start(EgressPolicy.audit(), holds);

        assertThat(ask("udp", "v4", query("api.dnsit.test", Type.A)).getRcode())
                .as("answered: the thread that got the upstream answer ran the put-off work itself")
                .isEqualTo(Rcode.NOERROR);
        assertThat(holds.holdEndingThreads).singleElement()
                .satisfies(t -> assertThat(t).startsWith("dns-upstream-udp-"));
    }

    @Test
    void negativeAnswersAreCachedToo() throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1);
        fixture.start(EgressPolicy.audit(), recorder);

        Message first = ask("udp", "v4", query("missing.dnsit.test", Type.A));
        Message second = ask("udp", "v4", query("missing.dnsit.test", Type.A));

        assertThat(first.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(second.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void listensOnTheDefaultAddressesAndOnAnAddedOne() throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1);
        DnsProxy proxy = fixture.start(fixture.config().withListen(DnsProxyConfig.defaultListen()),
                EgressPolicy.audit(), recorder);
        InetSocketAddress bridge = proxy.listenOn(new InetSocketAddress("198.18.53.10", 53));

        Message v4 = TestClient.udp(new InetSocketAddress("127.0.0.1", 53), query("api.dnsit.test", Type.A), TIMEOUT);
        Message v6 = TestClient.tcp(new InetSocketAddress("::1", 53), query("api.dnsit.test", Type.AAAA), TIMEOUT);
        Message added = TestClient.udp(bridge, query("www.dnsit.test", Type.A), TIMEOUT);

        assertThat(proxy.listenAddresses()).hasSize(3);
        assertThat(List.of(v4, v6, added)).allSatisfy(m -> assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR));
        assertThat(recorder.await(3)).extracting(o -> o.context().local().getAddress().getHostAddress())
                .containsExactlyInAnyOrder("127.0.0.1", "0:0:0:0:0:0:0:1", "198.18.53.10");
        assertThat(upstream.received()).hasSize(3);
    }

    @Test
    void garbageFromAClientIsCountedNotFatal() throws Exception {
        fixture.upstream(ProxyFixture.UPSTREAM_1);
        fixture.start(EgressPolicy.audit(), recorder);
        byte[] header = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 0x0C};

        byte[] formerr = TestClient.udpRaw(fixture.v4(), header, TIMEOUT);
        Message after = ask("udp", "v4", query("api.dnsit.test", Type.A));

        assertThat(new Message(formerr).getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(new Message(formerr).getHeader().getID()).isEqualTo(0x1234);
        assertThat(after.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(fixture.counters().rejected()).isEqualTo(1);
    }
}
