package dev.runwall.dns;

import static dev.runwall.dns.Messages.inet;
import static dev.runwall.dns.Messages.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runwall.core.event.Verdict;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.testing.FakeUpstream;
import dev.runwall.sandbox.SandboxTestKit;
import dev.runwall.dns.testing.OutcomeRecorder;
import dev.runwall.dns.testing.ProxyFixture;
import dev.runwall.dns.testing.TestClient;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Block mode on real sockets: what is refused never leaves, and the firewall hook runs before release. */
class DnsProxyBlockIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final String POLICY = "api.dnsit.test:443 www.dnsit.test:443 assets.dnsit.test:80";

    private final ProxyFixture fixture = new ProxyFixture();

    @BeforeAll
    static void insideTestNamespace() {
        SandboxTestKit.requireTestNetworkNamespace();
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private static EgressPolicy block() throws Exception {
        return EgressPolicy.of(EgressMode.BLOCK, POLICY);
    }

    private static Message ask(String transport, java.net.InetSocketAddress server, Message q) throws Exception {
        return transport.equals("tcp") ? TestClient.tcp(server, q, TIMEOUT) : TestClient.udp(server, q, TIMEOUT);
    }

    @ParameterizedTest(name = "{1} {0}")
    @CsvSource({"udp, A", "tcp, A", "udp, AAAA", "tcp, TXT", "udp, HTTPS", "tcp, ANY", "udp, MX", "tcp, SRV"})
    void disallowedNameGetsNxdomainAndNeverReachesUpstream(String transport, String type) throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1);
        OutcomeRecorder recorder = new OutcomeRecorder();
        fixture.start(block(), recorder);

        Message r = ask(transport, fixture.v4(), query("exfil.attacker.test", Type.value(type)));

        assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(recorder.awaitFirst().verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(upstream.received()).isEmpty();
        assertThat(fixture.counters().blocked()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"udp, A, 198.18.1.10", "tcp, AAAA, fd52:7761:6c6c::10"})
    void allowedNameIsAnsweredAndItsAddressesGoToTheHook(String transport, String type, String address)
            throws Exception {
        fixture.upstream(ProxyFixture.UPSTREAM_1);
        List<Resolution> released = new java.util.concurrent.CopyOnWriteArrayList<>();
        fixture.start(block(), new DnsProxyListener() {
            @Override
            public void beforeRelease(QueryContext q, Resolution r) {
                released.add(r);
            }
        });

        Message r = ask(transport, fixture.v6(), query("api.dnsit.test", Type.value(type)));

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(released).singleElement().satisfies(res -> {
            assertThat(res.addresses()).extracting(ResolvedAddress::address).containsExactly(inet(address));
            assertThat(res.ports()).extracting(p -> p.number()).containsExactly(443);
        });
    }

    @Test
    void cnameToADisallowedNameIsFollowedAndRecordedButTheTargetCannotBeAskedDirectly() throws Exception {
        FakeUpstream upstream = fixture.upstream(ProxyFixture.UPSTREAM_1);
        OutcomeRecorder recorder = new OutcomeRecorder();
        fixture.start(block(), recorder);

        Message viaAllowed = TestClient.udp(fixture.v4(), query("assets.dnsit.test", Type.A), TIMEOUT);
        Message direct = TestClient.udp(fixture.v4(), query("cdn.edge.test", Type.A), TIMEOUT);

        assertThat(viaAllowed.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(viaAllowed.getSection(Section.ANSWER)).extracting(rec -> rec.getType())
                .containsExactly(Type.CNAME, Type.A);
        assertThat(direct.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        // outcomes in completion order: the NXDOMAIN (answered on the receive thread) may complete before the
        // forwarded query's listener call
        List<QueryOutcome> outcomes = recorder.await(2);
        QueryOutcome allowed = outcomes.stream().filter(o -> o.domain().equals("assets.dnsit.test")).findFirst().orElseThrow();
        QueryOutcome blocked = outcomes.stream().filter(o -> o.domain().equals("cdn.edge.test")).findFirst().orElseThrow();
        assertThat(allowed.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(allowed.cnameChain()).containsExactly("cdn.edge.test");
        assertThat(allowed.reason()).contains("CNAME chain leaves the policy: cdn.edge.test");
        assertThat(allowed.resolution().chainOutsidePolicy()).containsExactly("cdn.edge.test");
        assertThat(blocked.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(upstream.received()).extracting(FakeUpstream.Received::name).containsExactly("assets.dnsit.test");
    }

    @Test
    void clientSeesNothingUntilTheReleaseHookReturns() throws Exception {
        fixture.upstream(ProxyFixture.UPSTREAM_1);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        fixture.start(block(), new DnsProxyListener() {
            @Override
            public void beforeRelease(QueryContext q, Resolution r) throws ReleaseRefusedException {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new ReleaseRefusedException("interrupted", e);
                }
            }
        });

        try (DatagramSocket client = new DatagramSocket()) {
            byte[] q = query("api.dnsit.test", Type.A).toWire();
            client.send(new DatagramPacket(q, q.length, fixture.v4()));
            assertThat(entered.await(3, TimeUnit.SECONDS)).as("the hook was called").isTrue();
            client.setSoTimeout(500);
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            assertThatThrownBy(() -> client.receive(p)).as("no answer while the hook runs")
                    .isInstanceOf(SocketTimeoutException.class);

            release.countDown();
            client.setSoTimeout(3000);
            client.receive(p);
            assertThat(new Message(java.util.Arrays.copyOf(p.getData(), p.getLength())).getRcode())
                    .isEqualTo(Rcode.NOERROR);
        }
    }

    @ParameterizedTest
    @CsvSource({"udp", "tcp"})
    void failingHookInBlockModeGivesServfail(String transport) throws Exception {
        fixture.upstream(ProxyFixture.UPSTREAM_1);
        OutcomeRecorder recorder = new OutcomeRecorder() {
            @Override
            public void beforeRelease(QueryContext q, Resolution r) throws ReleaseRefusedException {
                throw new ReleaseRefusedException("nft: set is full");
            }
        };
        fixture.start(block(), recorder);

        Message r = ask(transport, fixture.v4(), query("api.dnsit.test", Type.A));

        assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        assertThat(recorder.awaitFirst().reason()).contains("answer withheld: nft: set is full");
        assertThat(fixture.counters().releaseRefused()).isEqualTo(1);
    }

    @Test
    void failingHookInAuditModeStillAnswers() throws Exception {
        fixture.upstream(ProxyFixture.UPSTREAM_1);
        fixture.start(EgressPolicy.audit(), new DnsProxyListener() {
            @Override
            public void beforeRelease(QueryContext q, Resolution r) {
                throw new IllegalStateException("nft not available");
            }
        });

        Message r = TestClient.udp(fixture.v4(), query("anything.dnsit.test", Type.A), TIMEOUT);

        assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(fixture.counters().listenerFailures()).isEqualTo(1);
    }

    @Test
    void attachmentFromQueryReceivedIsThereWhenTheQueryCompletes() throws Exception {
        fixture.upstream(ProxyFixture.UPSTREAM_1);
        CompletableFuture<String> seen = new CompletableFuture<>();
        fixture.start(block(), new DnsProxyListener() {
            @Override
            public void queryReceived(QueryContext q) {
                q.attach(CompletableFuture.completedFuture("pid 4242 from " + q.client().getPort()));
            }

            @Override
            public void queryCompleted(QueryContext q, QueryOutcome o) {
                seen.complete(q.attachment(CompletableFuture.class).join() + " " + o.rcode());
            }
        });

        try (DatagramSocket client = new DatagramSocket()) {
            byte[] q = query("www.dnsit.test", Type.A).toWire();
            client.send(new DatagramPacket(q, q.length, fixture.v4()));

            assertThat(seen.get(3, TimeUnit.SECONDS)).isEqualTo("pid 4242 from " + client.getLocalPort() + " NOERROR");
        }
    }
}
