package dev.runwall.sandbox.internal.netns;

import static dev.runwall.sandbox.AddressPlan.BRIDGE_GATEWAY_V4;
import static dev.runwall.sandbox.AddressPlan.BRIDGE_GATEWAY_V6;
import static dev.runwall.sandbox.AddressPlan.BRIDGE_PREFIX_V4;
import static dev.runwall.sandbox.AddressPlan.BRIDGE_PREFIX_V6;
import static dev.runwall.sandbox.AddressPlan.INTERNET_LINK_V4;
import static dev.runwall.sandbox.AddressPlan.INTERNET_LINK_V6;
import static dev.runwall.sandbox.AddressPlan.LINK_PREFIX_V4;
import static dev.runwall.sandbox.AddressPlan.LINK_PREFIX_V6;
import static dev.runwall.sandbox.AddressPlan.RESOLVER_V4;
import static dev.runwall.sandbox.AddressPlan.RESOLVER_V6;
import static dev.runwall.sandbox.AddressPlan.RUNNER_V4;
import static dev.runwall.sandbox.AddressPlan.RUNNER_V6;

import dev.runwall.sandbox.AddressPlan;
import dev.runwall.sandbox.Zone;
import dev.runwall.sandbox.internal.AddressText;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network of a sandbox as {@code ip -batch} lines, sysctls, nftables and resolv.conf text: pure
 * data, so the address plan is unit-tested without root. The runner gets routes to the two sandbox
 * prefixes only — no default route, so nothing can leave the machine.
 */
public final class NetworkPlan {
    public static final String LINK = "eth0";
    public static final String BRIDGE = "rwbr0";
    public static final String NAT_TABLE = "sandbox_nat";
    /**
     * The bridge's own MAC address, set rather than inherited: a bridge without one takes its lowest port's
     * address and changes it as ports come and go. A namespace is torn down asynchronously, so a removed
     * container's port can still be on the bridge when the next container asks for the gateway's address;
     * when that port then goes, the new container's cached gateway address is dead for the neighbour
     * timeout (seconds). Docker sets docker0's address for the same reason. Locally administered.
     */
    public static final String BRIDGE_MAC = "02:72:77:00:00:01";

    /** No duplicate address detection: addresses are usable at once, and nobody else is on these links. */
    public static final Map<String, String> NO_DAD =
            Map.of("net.ipv6.conf.all.accept_dad", "0", "net.ipv6.conf.default.accept_dad", "0");
    public static final Map<String, String> FORWARDING =
            Map.of("net.ipv4.ip_forward", "1", "net.ipv6.conf.all.forwarding", "1");

    /** Every zone address, the resolver and extra resolvers, on the internet's side of the link. */
    public static List<String> internet(Zone zone) {
        var lines = new ArrayList<String>(List.of("link set lo up", "link set " + LINK + " up",
                address(INTERNET_LINK_V4, LINK_PREFIX_V4, LINK), address(INTERNET_LINK_V6, LINK_PREFIX_V6, LINK)));
        Set<InetAddress> hosts = new LinkedHashSet<>(List.of(RESOLVER_V4, RESOLVER_V6));
        zone.hosts().forEach(h -> hosts.addAll(h.addresses()));
        hosts.addAll(zone.resolvers());
        for (InetAddress a : hosts) {
            lines.add(address(a, a instanceof Inet6Address ? 128 : 32, LINK));
        }
        return lines;
    }

    public static List<String> runner() {
        return List.of("link set lo up", "link set " + LINK + " up",
                address(RUNNER_V4, LINK_PREFIX_V4, LINK), address(RUNNER_V6, LINK_PREFIX_V6, LINK),
                "route add " + AddressPlan.SANDBOX_V4 + " via " + AddressText.of(INTERNET_LINK_V4) + " dev " + LINK,
                "route add " + AddressPlan.SANDBOX_V6 + " via " + AddressText.of(INTERNET_LINK_V6) + " dev " + LINK);
    }

    /** The container bridge in the runner namespace, created with the first container. */
    public static List<String> bridge() {
        return List.of("link add " + BRIDGE + " address " + BRIDGE_MAC + " type bridge",
                address(BRIDGE_GATEWAY_V4, BRIDGE_PREFIX_V4, BRIDGE), address(BRIDGE_GATEWAY_V6, BRIDGE_PREFIX_V6, BRIDGE),
                "link set " + BRIDGE + " up");
    }

    /** Attaches a container's veth end (already moved into the runner namespace) to the bridge. */
    public static List<String> bridgePort(String id) {
        String port = SandboxLayout.containerPort(id);
        return List.of("link set " + port + " master " + BRIDGE, "link set " + port + " up");
    }

    /** The n-th container (from 1): its address on the bridge, default routes via the gateway. */
    public static List<String> container(int n) {
        return List.of("link set lo up", "link set " + LINK + " up",
                address(AddressPlan.containerV4(n), BRIDGE_PREFIX_V4, LINK),
                address(AddressPlan.containerV6(n), BRIDGE_PREFIX_V6, LINK),
                "route add default via " + AddressText.of(BRIDGE_GATEWAY_V4),
                "route add default via " + AddressText.of(BRIDGE_GATEWAY_V6));
    }

    /** Masquerade container traffic leaving the runner, as Docker does; the table belongs to the sandbox. */
    public static String natRuleset() {
        return "table inet " + NAT_TABLE + " {\n"
                + "  chain postrouting {\n"
                + "    type nat hook postrouting priority srcnat; policy accept;\n"
                + "    ip saddr " + AddressPlan.CONTAINERS_V4 + " oifname != \"" + BRIDGE + "\" masquerade\n"
                + "    ip6 saddr " + AddressPlan.CONTAINERS_V6 + " oifname != \"" + BRIDGE + "\" masquerade\n"
                + "  }\n"
                + "}\n";
    }

    public static String runnerResolvConf(String sandbox) {
        return "# runwall sandbox " + sandbox + ": the sandbox internet's resolver (docs/sandbox.md)\n"
                + "nameserver " + AddressText.of(RESOLVER_V4) + "\n"
                + "nameserver " + AddressText.of(RESOLVER_V6) + "\n";
    }

    public static String containerResolvConf(String sandbox, String id) {
        return "# runwall sandbox " + sandbox + " container " + id
                + ": the runner's bridge gateway, where a DNS proxy in the runner listens\n"
                + "nameserver " + AddressText.of(BRIDGE_GATEWAY_V4) + "\n";
    }

    private static String address(InetAddress a, int prefix, String device) {
        return "address add " + AddressText.of(a) + "/" + prefix + " dev " + device
                + (a instanceof Inet6Address ? " nodad" : "");
    }

    private NetworkPlan() {}
}
