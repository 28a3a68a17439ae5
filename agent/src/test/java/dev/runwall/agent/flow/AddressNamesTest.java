package dev.runwall.agent.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.policy.PortSpec;
import dev.runwall.dns.ResolvedAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressNamesTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final InetAddress IP = InetAddress.ofLiteral("198.18.1.10");
    private final AddressNames names = new AddressNames(100, Duration.ofHours(1));

    private void remember(String name, Set<PortSpec> ports, Instant until, InetAddress... addresses) {
        List<ResolvedAddress> list = java.util.Arrays.stream(addresses).map(a -> new ResolvedAddress(name, a, 60)).toList();
        names.remember(name, list, ports, a -> until);
    }

    @Test
    void anAddressNoNameResolvedToIsUnknown() {
        assertThat(names.lookup(IP, 443, T0)).isEmpty();
    }

    @Test
    void theNameAllowingThePortWins() {
        remember("api.nuget.org", Set.of(PortSpec.of(443)), T0.plusSeconds(60), IP);
        remember("cdn.example", Set.of(PortSpec.of(80)), T0.plusSeconds(60), IP);
        assertThat(names.lookup(IP, 443, T0)).hasValueSatisfying(m -> {
            assertThat(m.name()).isEqualTo("api.nuget.org");
            assertThat(m.state()).isEqualTo(AddressNames.State.PORT_ALLOWED);
        });
        assertThat(names.lookup(IP, 80, T0).orElseThrow().name()).isEqualTo("cdn.example");
    }

    @Test
    void aPortNoNameAllowsNamesTheMostRecentName() {
        remember("old.example", Set.of(PortSpec.of(443)), T0.plusSeconds(60), IP);
        remember("api.nuget.org", Set.of(PortSpec.of(443)), T0.plusSeconds(60), IP);
        AddressNames.Match m = names.lookup(IP, 22, T0).orElseThrow();
        assertThat(m.name()).isEqualTo("api.nuget.org");
        assertThat(m.state()).isEqualTo(AddressNames.State.PORT_NOT_ALLOWED);
        assertThat(m.ports()).containsExactly(PortSpec.of(443));
    }

    @Test
    void anAllowanceThatRanOutIsReportedAsExpired() {
        remember("short.example", Set.of(PortSpec.of(80)), T0.plusSeconds(2), IP);
        assertThat(names.lookup(IP, 80, T0.plusSeconds(1)).orElseThrow().state()).isEqualTo(AddressNames.State.PORT_ALLOWED);
        AddressNames.Match later = names.lookup(IP, 80, T0.plusSeconds(5)).orElseThrow();
        assertThat(later.state()).isEqualTo(AddressNames.State.EXPIRED);
        assertThat(later.allowedUntil()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void anyPortCoversEveryPortAndProtocolsWithoutPorts() {
        remember("any.example", Set.of(PortSpec.ANY), T0.plusSeconds(60), IP);
        assertThat(names.lookup(IP, 12345, T0).orElseThrow().state()).isEqualTo(AddressNames.State.PORT_ALLOWED);
        assertThat(names.lookup(IP, 0, T0).orElseThrow().state()).isEqualTo(AddressNames.State.PORT_ALLOWED);
        remember("web.example", Set.of(PortSpec.of(443)), T0.plusSeconds(60), InetAddress.ofLiteral("198.18.1.11"));
        assertThat(names.lookup(InetAddress.ofLiteral("198.18.1.11"), 0, T0).orElseThrow().state())
                .as("ICMP has no port: only host:* allows it").isEqualTo(AddressNames.State.PORT_NOT_ALLOWED);
    }

    @Test
    void auditModeNamesWithoutPortsStillNameTheAddress() {
        remember("c2.attacker.example", Set.of(), T0.plusSeconds(60), IP, InetAddress.ofLiteral("fd52:7761:6c6c::66:7"));
        assertThat(names.lookup(InetAddress.ofLiteral("fd52:7761:6c6c::66:7"), 443, T0).orElseThrow().name())
                .isEqualTo("c2.attacker.example");
    }

    @Test
    void namesAreForgottenAfterTheRetentionAndTheMapIsBounded() {
        remember("short.example", Set.of(PortSpec.of(80)), T0.plusSeconds(2), IP);
        assertThat(names.lookup(IP, 80, T0.plusSeconds(2).plus(Duration.ofHours(1)).plusSeconds(1))).isEmpty();
        for (int i = 0; i < 150; i++) {
            remember("n" + i + ".example", Set.of(PortSpec.of(443)), T0.plusSeconds(60),
                    InetAddress.ofLiteral("198.19.1." + (i + 1)));
        }
        assertThat(names.size()).isEqualTo(100);
        assertThat(names.lookup(InetAddress.ofLiteral("198.19.1.1"), 443, T0)).as("least recently used went first").isEmpty();
        assertThat(names.lookup(InetAddress.ofLiteral("198.19.1.150"), 443, T0)).isPresent();
    }
}
