package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.Verdict;
import dev.runwall.sandbox.ExecResult;
import dev.runwall.sandbox.Sandbox;
import dev.runwall.sandbox.SandboxTestKit;
import dev.runwall.sandbox.Zone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block mode with address and CIDR entries in allowed-endpoints, with a port and with {@code *}, for both
 * families: the kernel lets exactly those through, without any DNS, and refuses the neighbours (another port,
 * an address just outside the prefix), each flow reported with its verdict.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyAddressEntriesIT {
    private static final String ZONE = """
            hosts:
              - name: in.cidr.example
                ipv4: 198.18.66.10
                tcp: [80, 8080]
                udp: [80]
              - name: past.cidr.example
                ipv4: 198.18.67.10
                tcp: [80]
              - name: any.v4.example
                ipv4: 198.18.68.8
                tcp: [80, 8080]
              - name: next.v4.example
                ipv4: 198.18.68.9
                tcp: [80]
              - name: any.v6.example
                ipv6: fd52:7761:6c6c::66
                tcp: [80, 443]
                udp: [9999]
              - name: next.v6.example
                ipv6: fd52:7761:6c6c::67
                tcp: [80]
              - name: in.prefix.example
                ipv6: fd52:7761:6c6c:5::5
                tcp: [80, 443]
              - name: past.prefix.example
                ipv6: fd52:7761:6c6c:6::5
                tcp: [443]
            """;
    private static final String ALLOWED =
            "198.18.66.0/24:80 198.18.68.8:* [fd52:7761:6c6c::66]:* [fd52:7761:6c6c:5::/64]:443";

    private Sandbox sandbox;
    private AgentSession agent;
    private final List<ConnectionEvent> expected = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startAgent(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tempDir) throws Exception {
        sandbox = SandboxTestKit.up("polad", Zone.parse(ZONE, "policy-address-zone.yml"));
        // every host answers before the agent starts: a refusal below is the firewall's
        for (String url : List.of("http://198.18.66.10:8080/", "http://198.18.67.10/", "http://198.18.68.9/",
                "http://[fd52:7761:6c6c::67]/", "http://[fd52:7761:6c6c:5::5]/", "http://[fd52:7761:6c6c:6::5]:443/")) {
            ExecResult r = curl(url);
            assertThat(r.exitCode()).as("reachable without the agent\n" + r.describe()).isZero();
        }
        agent = AgentSession.start(sandbox, tempDir.resolve("report"),
                "--egress-policy", "block", "--allowed-endpoints", ALLOWED, "--job", "policy-address");
    }

    @AfterAll
    void stopAgentAndCheckTheReport() throws Exception {
        try {
            if (agent == null) {
                return;
            }
            ExecResult stop = agent.stop();
            assertThat(stop.exitCode()).as(stop.describe()).isZero();
            AgentSession.assertReportHolds(agent.report(), expected);
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

    private ExecResult curl(String url) {
        return runner("curl", "-g", "-sS", "--max-time", "5", url);
    }

    private void allowed(ExecResult r, String host, String ip, int port, String protocol) throws Exception {
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo(host + "\n");
        ConnectionEvent e = event(ip, port, protocol, Verdict.ALLOWED);
        assertThat(e.reason()).isEqualTo("address entry of allowed-endpoints");
    }

    private void blocked(ExecResult r, String ip, int port) throws Exception {
        assertThat(r.exitCode()).as("refused at once (TCP reset)\n" + r.describe()).isEqualTo(7);
        ConnectionEvent e = event(ip, port, "tcp", Verdict.BLOCKED);
        assertThat(e.reason()).isEqualTo("not in allowed-endpoints: no allowed name resolved to this address");
    }

    private ConnectionEvent event(String ip, int port, String protocol, Verdict verdict) throws Exception {
        ConnectionEvent e = agent.awaitConnection(protocol + " " + ip + ":" + port + " " + verdict,
                c -> c.ip().equals(ip) && c.port() == port && c.protocol().equals(protocol) && c.verdict() == verdict);
        assertThat(e.path()).isEqualTo("output");
        expected.add(e);
        return e;
    }

    @Test
    void anIpv4PrefixWithAPort() throws Exception {
        allowed(curl("http://198.18.66.10/"), "in.cidr.example", "198.18.66.10", 80, "tcp");
        // ports apply to UDP as well
        ExecResult udp = runner("bash", "-c", "echo udp-probe | socat -T 5 - UDP:198.18.66.10:80");
        assertThat(udp.stdout()).as(udp.describe()).isEqualTo("udp-probe\n");
        event("198.18.66.10", 80, "udp", Verdict.ALLOWED);
        blocked(curl("http://198.18.66.10:8080/"), "198.18.66.10", 8080);
        blocked(curl("http://198.18.67.10/"), "198.18.67.10", 80);
    }

    @Test
    void anIpv4AddressWithAnyPort() throws Exception {
        allowed(curl("http://198.18.68.8/"), "any.v4.example", "198.18.68.8", 80, "tcp");
        allowed(curl("http://198.18.68.8:8080/"), "any.v4.example", "198.18.68.8", 8080, "tcp");
        ExecResult ping = runner("ping", "-c", "1", "-W", "2", "198.18.68.8");
        assertThat(ping.exitCode()).as("* is any protocol too\n" + ping.describe()).isZero();
        event("198.18.68.8", 0, "icmp", Verdict.ALLOWED);
        blocked(curl("http://198.18.68.9/"), "198.18.68.9", 80);
    }

    @Test
    void anIpv6AddressWithAnyPort() throws Exception {
        allowed(curl("http://[fd52:7761:6c6c::66]/"), "any.v6.example", "fd52:7761:6c6c::66", 80, "tcp");
        allowed(curl("http://[fd52:7761:6c6c::66]:443/"), "any.v6.example", "fd52:7761:6c6c::66", 443, "tcp");
        ExecResult udp = runner("bash", "-c", "echo udp-probe | socat -T 5 - UDP6:[fd52:7761:6c6c::66]:9999");
        assertThat(udp.stdout()).as(udp.describe()).isEqualTo("udp-probe\n");
        event("fd52:7761:6c6c::66", 9999, "udp", Verdict.ALLOWED);
        ExecResult ping = runner("ping", "-c", "1", "-W", "2", "fd52:7761:6c6c::66");
        assertThat(ping.exitCode()).as(ping.describe()).isZero();
        event("fd52:7761:6c6c::66", 0, "icmpv6", Verdict.ALLOWED);
        blocked(curl("http://[fd52:7761:6c6c::67]/"), "fd52:7761:6c6c::67", 80);
    }

    @Test
    void anIpv6PrefixWithAPort() throws Exception {
        allowed(curl("http://[fd52:7761:6c6c:5::5]:443/"), "in.prefix.example", "fd52:7761:6c6c:5::5", 443, "tcp");
        blocked(curl("http://[fd52:7761:6c6c:5::5]/"), "fd52:7761:6c6c:5::5", 80);
        blocked(curl("http://[fd52:7761:6c6c:6::5]:443/"), "fd52:7761:6c6c:6::5", 443);
    }
}
