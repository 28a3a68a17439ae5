package dev.runwall.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ZoneTest {

    private static final String ISSUE_EXAMPLE = """
            hosts:
              - name: api.nuget.org
                ipv4: 198.18.1.10
                ipv6: fd52:7761:6c6c::10
                tcp: [80, 443]
                udp: [9999]
            cnames:
              - name: www.nuget.org
                target: api.nuget.org
            """;

    @Test
    void parsesTheFormatOfTheIssue() throws Exception {
        Zone zone = Zone.parse(ISSUE_EXAMPLE, "zone.yml");

        assertThat(zone.hosts()).containsExactly(new Host("api.nuget.org",
                List.of(InetAddress.ofLiteral("198.18.1.10")), List.of(InetAddress.ofLiteral("fd52:7761:6c6c::10")),
                List.of(80, 443), List.of(9999), 60));
        assertThat(zone.cnames()).containsExactly(new Cname("www.nuget.org", "api.nuget.org", 60));
        assertThat(zone.records()).isEmpty();
        assertThat(zone.resolvers()).isEmpty();
    }

    @Test
    void readsAZoneFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("zone.yml");
        Files.writeString(file, ISSUE_EXAMPLE);

        assertThat(Zone.parse(file)).isEqualTo(Zone.parse(ISSUE_EXAMPLE, "x"));
    }

    @Test
    void readsTheExtensions() throws Exception {
        Zone zone = Zone.parse("""
                hosts:
                  - name: API.Example.Test.
                    ipv4: [198.18.1.10, 198.18.1.11]
                    tcp: 443
                    ttl: 5
                cnames:
                  - {name: www.example.test, target: api.example.test, ttl: 7}
                records:
                  - {name: example.test, type: mx, ttl: 300, data: [10 mail.example.test., 20 mx2.example.test.]}
                  - {name: example.test, type: TXT, data: '"v=spf1 -all"'}
                  - {name: big.example.test, type: TXT, size: 600}
                resolvers: [198.18.8.8, "fd52:7761:6c6c::8:8"]
                """, "zone.yml");

        Host host = zone.hosts().getFirst();
        assertThat(host.name()).isEqualTo("api.example.test");
        assertThat(host.ipv4()).extracting(InetAddress::getHostAddress).containsExactly("198.18.1.10", "198.18.1.11");
        assertThat(host.tcp()).containsExactly(443);
        assertThat(host.ttl()).isEqualTo(5);
        assertThat(zone.cnames().getFirst().ttl()).isEqualTo(7);
        assertThat(zone.records()).extracting(ZoneRecord::type).containsExactly("MX", "MX", "TXT", "TXT");
        assertThat(zone.records().get(1).data()).isEqualTo("20 mx2.example.test.");
        assertThat(zone.records().get(3).data().replaceAll("[\" ]", "")).hasSize(600);
        assertThat(zone.resolvers()).extracting(InetAddress::getHostAddress)
                .containsExactly("198.18.8.8", "fd52:7761:6c6c:0:0:0:8:8");
    }

    @Test
    void readsFaults() throws Exception {
        Zone zone = Zone.parse("""
                faults:
                  - {name: Slow.Example.Test, fault: delay, delay-ms: 1500}
                  - {name: dead.example.test, fault: DROP}
                  - {name: sf.example.test, fault: servfail}
                """, "zone.yml");

        assertThat(zone.faults()).containsExactly(
                DnsFault.delayed("slow.example.test", java.time.Duration.ofMillis(1500)),
                DnsFault.of("dead.example.test", DnsFault.Kind.DROP),
                DnsFault.of("sf.example.test", DnsFault.Kind.SERVFAIL));
    }

    @Test
    void theShippedExampleIsValid() {
        Zone zone = Zone.example();

        assertThat(zone.host("api.nuget.org")).isPresent();
        assertThat(zone.records()).extracting(ZoneRecord::type).contains("TXT", "MX", "SRV", "HTTPS");
        assertThat(zone.resolvers()).hasSize(2);
    }

    @Test
    void writesYamlThatReadsBackToTheSameZone() throws Exception {
        Zone zone = Zone.example();

        assertThat(Zone.parse(zone.toYaml(), "copy")).isEqualTo(zone);
    }

    @Test
    void buildsInJavaWithTheSameRules() {
        Zone zone = Zone.builder()
                .host(Host.named("api.example.test").withIpv4("198.18.1.10").withIpv6("fd52:7761:6c6c::10").withTcp(80))
                .cname("www.example.test", "api.example.test")
                .record("example.test", "SRV", "10 5 443 api.example.test.")
                .largeTxt("big.example.test", 1000)
                .resolver("198.18.8.8")
                .build();

        assertThat(zone.hosts()).hasSize(1);
        assertThat(zone.records()).hasSize(2);
        assertThatThrownBy(() -> Zone.builder().host(Host.named("x.test").withIpv4("10.0.0.1")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hosts[0]: '10.0.0.1' is outside the sandbox range 198.18.0.0/15");
    }

    @Test
    void anUnreadableFileIsAnErrorWithoutLine(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yml");

        assertThatThrownBy(() -> Zone.parse(missing))
                .isInstanceOf(ZoneException.class)
                .hasMessageStartingWith(missing + ": cannot read the zone file")
                .satisfies(e -> assertThat(((ZoneException) e).line()).isEmpty());
    }

    static Stream<Arguments> badZones() {
        return Stream.of(
                bad("", 0, "the zone is empty"),
                bad("hosts: [\n  - name: a\n", 2, "not valid YAML"),
                bad("host:\n  - name: a.test\n", 1, "unknown key 'host' in the zone: use"),
                bad("hosts: 3\n", 1, "hosts must be a list"),
                bad("hosts:\n  - ipv4: 198.18.1.1\n", 2, "a host needs 'name'"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.18.1.1\n    port: 80\n", 4, "unknown key 'port' in a host"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.18.1.1\n    ipv4: 198.18.1.2\n", 4, "'ipv4' appears twice"),
                bad("hosts:\n  - name: a.test\n", 2, "host 'a.test' has no address: give it ipv4:, ipv6: or both"),
                bad("hosts:\n  - name: a.test\n    ipv4: 10.1.2.3\n", 3,
                        "'10.1.2.3' is outside the sandbox range 198.18.0.0/15"),
                bad("hosts:\n  - name: a.test\n    ipv6: 2001:db8::1\n", 3,
                        "'2001:db8::1' is outside the sandbox range fd52:7761:6c6c::/48"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.18.0.53\n", 3, "which the sandbox reserves"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.19.0.7\n", 3, "in 198.19.0.0/24, which the sandbox reserves"),
                bad("hosts:\n  - name: a.test\n    ipv6: fd52:7761:6c6c:ffff::9\n", 3, "which the sandbox reserves"),
                bad("hosts:\n  - name: a.test\n    ipv4: fd52:7761:6c6c::1\n", 3, "(IPv6 addresses go under ipv6:)"),
                bad("hosts:\n  - name: a.test\n    ipv6: 198.18.1.1\n", 3, "(IPv4 addresses go under ipv4:)"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.18.1\n", 3, "is not an IPv4 address"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.18.1.1\n    tcp: [80, 70000]\n", 4,
                        "port 70000 is out of range: ports are 1 to 65535"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.18.1.1\n    tcp: [http]\n", 4, "tcp port must be a whole number"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.18.1.1\n    udp: [53, 53]\n", 2, "udp port 53 is listed twice"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.18.1.1\n    ttl: -1\n", 4, "ttl -1 is out of range"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.18.1.1\n    ttl: 3000000000\n", 4, "ttl 3000000000 is out of range"),
                bad("hosts:\n  - name: bad_-.test.\n    ipv4: 198.18.1.1\n", 2, "is not a valid DNS name"),
                bad("hosts:\n  - name: '*.a.test'\n    ipv4: 198.18.1.1\n", 2, "wildcard names"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.18.1.1\n  - name: A.test.\n    ipv4: 198.18.1.2\n", 4,
                        "'a.test' is already defined at line 2: merge the two entries"),
                bad("hosts:\n  - name: a.test\n    ipv4: 198.18.1.1\ncnames:\n  - name: a.test\n    target: b.test\n", 5,
                        "a name with a CNAME can have no other records"),
                bad("cnames:\n  - name: a.test\n    target: b.test\nrecords:\n  - {name: a.test, type: TXT, data: x}\n", 5,
                        "'a.test' is already defined at line 2: a name with a CNAME can have no other records"),
                bad("cnames:\n  - name: a.test\n", 2, "cname 'a.test' needs 'target'"),
                bad("cnames:\n  - name: a.test\n    target: a.test.\n", 2, "points at itself"),
                bad("records:\n  - {name: a.test, type: BOGUS, data: x}\n", 2, "unknown record type 'BOGUS'"),
                bad("records:\n  - {name: a.test, type: A, data: 198.18.1.1}\n", 2, "A records come from hosts:"),
                bad("records:\n  - {name: a.test, type: CNAME, data: b.test.}\n", 2, "CNAME records go under cnames:"),
                bad("records:\n  - {name: a.test, type: ANY, data: x}\n", 2, "ANY is a query or meta type"),
                bad("records:\n  - {name: a.test, type: MX, data: ten mail.a.test.}\n", 2,
                        "invalid MX data 'ten mail.a.test.'"),
                bad("records:\n  - {name: a.test, type: MX}\n", 2, "record 'a.test' needs 'data'"),
                bad("records:\n  - name: a.test\n    type: TXT\n    size: 100000\n", 4, "size 100000 is out of range"),
                bad("records:\n  - name: a.test\n    type: MX\n    size: 10\n", 4, "size makes a large TXT record"),
                bad("records:\n  - {name: a.test, type: TXT, size: 10, data: x}\n", 2, "has both size and data"),
                bad("resolvers: [198.18.1.1]\nhosts:\n  - name: a.test\n    ipv4: 198.18.1.1\n", 1,
                        "resolver 198.18.1.1 is also a host's address"),
                bad("resolvers:\n  - 198.18.8.8\n  - 198.18.8.8\n", 3, "resolver 198.18.8.8 is listed twice"),
                bad("resolvers:\n  - 8.8.8.8\n", 2, "'8.8.8.8' is outside the sandbox range"),
                bad("resolvers:\n  - [198.18.8.8]\n", 2, "resolvers must be a value or a list of values"),
                bad("faults:\n  - {name: a.test, fault: explode}\n", 2, "unknown fault 'explode': use drop, delay"),
                bad("faults:\n  - {name: a.test, fault: delay}\n", 2, "is a delay: give delay-ms"),
                bad("faults:\n  - {name: a.test, fault: delay, delay-ms: 0}\n", 2, "must be 1 to 60000 milliseconds"),
                bad("faults:\n  - {name: a.test, fault: drop, delay-ms: 5}\n", 2, "only a delay fault takes a delay"),
                bad("faults:\n  - {name: a.test, fault: drop}\n  - {name: A.test, fault: servfail}\n", 3,
                        "'a.test' already has a fault at line 2"));
    }

    private static Arguments bad(String yaml, int line, String message) {
        return Arguments.of(yaml, line, message);
    }

    @ParameterizedTest(name = "[{index}] line {1}: {2}")
    @MethodSource("badZones")
    void rejectsBadZonesWithFileLineAndFix(String yaml, int line, String message) {
        assertThatThrownBy(() -> Zone.parse(yaml, "zone.yml"))
                .isInstanceOf(ZoneException.class)
                .hasMessageStartingWith(line > 0 ? "zone.yml:" + line + ": " : "zone.yml: ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ZoneException) e).line().orElse(0)).isEqualTo(line));
    }

    @Test
    void everyAddressErrorSaysWhatToUse() {
        assertThatThrownBy(() -> Zone.parse("hosts:\n  - name: a.test\n    ipv4: 192.168.1.1\n", "zone.yml"))
                .hasMessage("zone.yml:3: '192.168.1.1' is outside the sandbox range 198.18.0.0/15: every sandbox"
                        + " address must be inside 198.18.0.0/15 or fd52:7761:6c6c::/48 so that no packet can leave"
                        + " the machine (for example 198.18.1.10)");
    }

    @org.junit.jupiter.api.Test
    void manyHostsWithoutPortsRoundTripThroughYaml() throws ZoneException {
        Zone.Builder b = Zone.builder();
        for (int i = 1; i <= 60; i++) {
            b.host(Host.named("h" + i + ".example").withIpv4("198.18.7." + i));
        }
        Zone zone = b.build();
        org.assertj.core.api.Assertions.assertThat(zone.toYaml()).doesNotContain("&", "*id");
        org.assertj.core.api.Assertions.assertThat(Zone.parse(zone.toYaml(), "round-trip")).isEqualTo(zone);
    }
}
