package dev.runwall.sandbox.internal.netns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.sandbox.Host;
import dev.runwall.sandbox.Zone;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPlanTest {
    private final Zone zone = Zone.builder()
            .host(Host.named("a.example.test").withIpv4("198.18.1.10").withIpv6("fd52:7761:6c6c::10").withTcp(80))
            .host(Host.named("b.example.test").withIpv4("198.18.1.10"))
            .resolver("198.18.8.8")
            .build();

    @Test
    void theRunnerRoutesOnlyTheSandboxPrefixes() {
        List<String> runner = NetworkPlan.runner();

        assertThat(runner).filteredOn(l -> l.startsWith("route")).containsExactly(
                "route add 198.18.0.0/15 via 198.18.0.1 dev eth0",
                "route add fd52:7761:6c6c::/48 via fd52:7761:6c6c:ffff::1 dev eth0");
        assertThat(runner).noneMatch(l -> l.contains("default"));
        assertThat(runner).contains("address add 198.18.0.2/30 dev eth0",
                "address add fd52:7761:6c6c:ffff::2/64 dev eth0 nodad");
    }

    @Test
    void theInternetHoldsEveryAddressOnceAndTheResolvers() {
        List<String> internet = NetworkPlan.internet(zone);

        assertThat(internet).contains("link set lo up", "address add 198.18.0.1/30 dev eth0",
                "address add 198.18.0.53/32 dev eth0", "address add fd52:7761:6c6c:ffff::53/128 dev eth0 nodad",
                "address add fd52:7761:6c6c::10/128 dev eth0 nodad", "address add 198.18.8.8/32 dev eth0");
        assertThat(internet).filteredOn(l -> l.contains("198.18.1.10/32")).hasSize(1);
        assertThat(internet).noneMatch(l -> l.startsWith("route"));
    }

    @Test
    void containersRouteThroughTheBridgeGatewayAndAreMasqueraded() {
        assertThat(NetworkPlan.container(3)).contains("address add 198.19.0.4/24 dev eth0",
                "address add fd52:7761:6c6c:fffe::4/64 dev eth0 nodad",
                "route add default via 198.19.0.1", "route add default via fd52:7761:6c6c:fffe::1");
        assertThat(NetworkPlan.bridge()).contains("link add rwbr0 address 02:72:77:00:00:01 type bridge", "address add 198.19.0.1/24 dev rwbr0");
        assertThat(NetworkPlan.natRuleset()).contains("table inet sandbox_nat",
                "ip saddr 198.19.0.0/24 oifname != \"rwbr0\" masquerade",
                "ip6 saddr fd52:7761:6c6c:fffe::/64 oifname != \"rwbr0\" masquerade");
    }

    @Test
    void resolvConfPointsAtTheResolverOrTheGateway() {
        assertThat(NetworkPlan.runnerResolvConf("demo")).contains("nameserver 198.18.0.53\n", "nameserver fd52:7761:6c6c:ffff::53\n");
        assertThat(NetworkPlan.containerResolvConf("demo", "1")).contains("nameserver 198.19.0.1\n");
    }
}
