package dev.runwall.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One sandbox from a zone file, probed from the runner namespace with dig, curl, socat and bash. */
class SandboxIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String ZONE = """
            hosts:
              - name: api.nuget.org
                ipv4: 198.18.1.10
                ipv6: fd52:7761:6c6c::10
                tcp: [80, 443]
                udp: [9999]
              - name: shared.example.test
                ipv4: 198.18.1.10
                tcp: [80]
            cnames:
              - name: www.nuget.org
                target: cdn.nuget.org
              - name: cdn.nuget.org
                target: api.nuget.org
            records:
              - {name: nuget.org, type: TXT, data: '"v=spf1 -all"'}
              - {name: nuget.org, type: MX, data: 10 mail.nuget.org.}
              - {name: big.example.test, type: TXT, size: 2000}
            resolvers: [198.18.8.8]
            """;

    @TempDir
    static Path dir;
    private static Sandbox sandbox;

    @BeforeAll
    static void up() throws Exception {
        SandboxTestKit.requirePrivileges();
        SandboxTestKit.requirePrograms("dig", "curl", "socat", "ping");
        Path zoneFile = dir.resolve("zone.yml");
        Files.writeString(zoneFile, ZONE);
        sandbox = Sandbox.up(SandboxSpec.of(SandboxTestKit.uniqueName("it"), Zone.parse(zoneFile))
                .withQueryLog(dir.resolve("queries.jsonl")));
    }

    @AfterAll
    static void down() {
        if (sandbox != null) {
            sandbox.down();
        }
    }

    private static ExecResult run(String... command) {
        return sandbox.exec(TIMEOUT, command);
    }

    private static String dig(String... args) {
        var command = new java.util.ArrayList<>(List.of("dig", "+short", "+tries=1", "+time=3"));
        command.addAll(List.of(args));
        return sandbox.exec(TIMEOUT, command).requireSuccess().stdout().strip();
    }

    @Test
    void theRunnersResolverIsTheSandboxResolver() {
        assertThat(run("cat", "/etc/resolv.conf").requireSuccess().stdout())
                .contains("nameserver 198.18.0.53", "nameserver fd52:7761:6c6c:ffff::53");
        assertThat(run("getent", "hosts", "api.nuget.org").requireSuccess().stdout()).contains("api.nuget.org");
    }

    @Test
    void answersAAndAaaaOverUdpAndTcp() {
        assertThat(dig("api.nuget.org", "A")).isEqualTo("198.18.1.10");
        assertThat(dig("api.nuget.org", "AAAA")).isEqualTo("fd52:7761:6c6c::10");
        assertThat(dig("+tcp", "api.nuget.org", "A")).isEqualTo("198.18.1.10");
        assertThat(dig("+tcp", "@fd52:7761:6c6c:ffff::53", "api.nuget.org", "AAAA")).isEqualTo("fd52:7761:6c6c::10");
    }

    @Test
    void followsCnameChains() {
        assertThat(dig("www.nuget.org", "A").lines()).containsExactly("cdn.nuget.org.", "api.nuget.org.", "198.18.1.10");
    }

    @Test
    void answersOtherTypesAndNxdomain() {
        assertThat(dig("nuget.org", "TXT")).isEqualTo("\"v=spf1 -all\"");
        assertThat(dig("nuget.org", "MX")).isEqualTo("10 mail.nuget.org.");
        String status = run("dig", "+tries=1", "nope.nuget.org", "A").requireSuccess().stdout();
        assertThat(status).contains("status: NXDOMAIN");
    }

    @Test
    void truncatesLargeUdpAnswersAndServesThemOverTcp() {
        String udp = run("dig", "+ignore", "+noedns", "+tries=1", "big.example.test", "TXT").requireSuccess().stdout();
        assertThat(udp).containsPattern("flags: qr aa rd ra tc|flags: qr tc aa rd ra|flags:[a-z ]* tc");
        assertThat(udp).contains("ANSWER: 0");
        String retried = run("dig", "+noedns", "+tries=1", "big.example.test", "TXT").requireSuccess().stdout();
        assertThat(retried).contains("Truncated, retrying in TCP mode", "ANSWER: 1");
        String large = run("dig", "+bufsize=4096", "+ignore", "+tries=1", "big.example.test", "TXT").requireSuccess().stdout();
        assertThat(large).contains("ANSWER: 1").doesNotContainPattern("flags:[a-z ]* tc");
    }

    @Test
    void hostsAnswerHttpWithTheirNameOverIpv4AndIpv6() {
        assertThat(run("curl", "-sS", "--max-time", "5", "http://api.nuget.org/").requireSuccess().stdout())
                .isEqualTo("api.nuget.org\n");
        assertThat(run("curl", "-sS", "-6", "--max-time", "5", "http://api.nuget.org:443/anything").requireSuccess().stdout())
                .isEqualTo("api.nuget.org\n");
        assertThat(run("curl", "-sS", "-g", "--max-time", "5", "http://[fd52:7761:6c6c::10]:80/").requireSuccess().stdout())
                .isEqualTo("api.nuget.org\n");
        assertThat(run("curl", "-sS", "--max-time", "5", "-H", "Host: shared.example.test", "http://198.18.1.10/")
                .requireSuccess().stdout()).isEqualTo("shared.example.test\n");
        assertThat(run("curl", "-sS", "-D-", "-o/dev/null", "--max-time", "5", "-d", "secret=1", "http://198.18.1.10/")
                .requireSuccess().stdout()).contains("200 OK", "X-Runwall-Client: 198.18.0.2");
    }

    @Test
    void streamsTheRequestedNumberOfBytes() {
        assertThat(run("sh", "-c", "curl -sS --max-time 10 http://api.nuget.org/bytes/3000000 | wc -c")
                .requireSuccess().stdout().strip()).isEqualTo("3000000");
    }

    @Test
    void portsNotListedAreRefusedAtOnce() {
        ExecResult refused = run("curl", "-sS", "--max-time", "5", "http://198.18.1.10:81/");
        assertThat(refused.exitCode()).isEqualTo(7);
        assertThat(refused.stderr()).contains("Couldn't connect");
    }

    @Test
    void udpPortsEcho() {
        assertThat(run("sh", "-c", "printf ping-4 | socat -T2 - UDP:198.18.1.10:9999").requireSuccess().stdout())
                .isEqualTo("ping-4");
        assertThat(run("sh", "-c", "printf ping-6 | socat -T2 - UDP6:[fd52:7761:6c6c::10]:9999").requireSuccess().stdout())
                .isEqualTo("ping-6");
    }

    @Test
    void hostAddressesAnswerPing() {
        assertThat(run("ping", "-c", "1", "-W", "2", "198.18.1.10").requireSuccess().stdout()).contains("1 received");
        assertThat(run("ping", "-6", "-c", "1", "-W", "2", "fd52:7761:6c6c::10").requireSuccess().stdout())
                .contains("1 received");
    }

    @Test
    void extraResolversServeTheZoneAndStandInForDotAndDoh() {
        assertThat(dig("@198.18.8.8", "api.nuget.org", "A")).isEqualTo("198.18.1.10");
        assertThat(dig("+tcp", "@198.18.8.8", "api.nuget.org", "A")).isEqualTo("198.18.1.10");
        assertThat(run("bash", "-c", "exec 3<>/dev/tcp/198.18.8.8/853 && head -1 <&3").requireSuccess().stdout())
                .contains("198.18.8.8 port 853", "DNS-over-TLS");
        assertThat(run("bash", "-c", "exec 3<>/dev/tcp/198.18.8.8/443 && head -1 <&3").requireSuccess().stdout())
                .contains("DNS-over-HTTPS");
    }

    @Test
    void theQueryLogHasEveryQueryBeforeItsAnswerArrives() {
        dig("logged-udp.nuget.org", "AAAA");
        dig("+tcp", "@198.18.8.8", "logged-tcp.nuget.org", "HTTPS");

        QueryLog log = sandbox.queryLog();
        assertThat(log.queriesFor("logged-udp.nuget.org")).singleElement().satisfies(q -> {
            assertThat(q.type()).isEqualTo("AAAA");
            assertThat(q.transport()).isEqualTo("udp");
            assertThat(q.server()).isEqualTo("198.18.0.53");
            assertThat(q.client()).isEqualTo("198.18.0.2");
            assertThat(q.rcode()).isEqualTo("NXDOMAIN");
        });
        assertThat(log.queriesFor("LOGGED-TCP.nuget.org.")).singleElement().satisfies(q -> {
            assertThat(q.type()).isEqualTo("HTTPS");
            assertThat(q.transport()).isEqualTo("tcp");
            assertThat(q.server()).isEqualTo("198.18.8.8");
        });
        assertThat(log.contains("never-asked.nuget.org")).isFalse();
    }

    @Test
    void nothingRoutesOutOfTheRunner() {
        assertThat(run("ip", "route", "get", "192.0.2.1").stderr()).contains("Network is unreachable");
        assertThat(run("ip", "-6", "route", "get", "2001:db8::1").stderr()).contains("Network is unreachable");
        assertThat(run("bash", "-c", "exec 3<>/dev/tcp/192.0.2.1/80").stderr()).contains("Network is unreachable");
        String routes = run("ip", "route", "show").requireSuccess().stdout()
                + run("ip", "-6", "route", "show").requireSuccess().stdout();
        assertThat(routes).doesNotContain("default");
    }
}
