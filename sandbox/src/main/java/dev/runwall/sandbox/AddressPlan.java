package dev.runwall.sandbox;

import dev.runwall.sandbox.internal.Cidr;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The fixed addresses of every sandbox (the same in each: sandboxes are separate network namespaces).
 * Documented in {@code docs/sandbox.md}; zone addresses must lie outside the reserved ranges.
 */
public final class AddressPlan {
    /** Every IPv4 address of a sandbox is inside this prefix (RFC 2544 benchmarking range). */
    public static final String SANDBOX_V4 = "198.18.0.0/15";
    /** Every IPv6 address of a sandbox is inside this prefix. */
    public static final String SANDBOX_V6 = "fd52:7761:6c6c::/48";

    /** Reserved for the link between runner and internet and the sandbox resolver. */
    public static final String INFRASTRUCTURE_V4 = "198.18.0.0/24";
    /** Reserved for the link between runner and internet and the sandbox resolver. */
    public static final String INFRASTRUCTURE_V6 = "fd52:7761:6c6c:ffff::/64";
    /** The container bridge network inside the runner namespace. */
    public static final String CONTAINERS_V4 = "198.19.0.0/24";
    /** The container bridge network inside the runner namespace. */
    public static final String CONTAINERS_V6 = "fd52:7761:6c6c:fffe::/64";

    /** The internet's side of the veth link (the runner's next hop). */
    public static final InetAddress INTERNET_LINK_V4 = InetAddress.ofLiteral("198.18.0.1");
    public static final InetAddress INTERNET_LINK_V6 = InetAddress.ofLiteral("fd52:7761:6c6c:ffff::1");
    /** The runner's address on the veth link (also the source of masqueraded container traffic). */
    public static final InetAddress RUNNER_V4 = InetAddress.ofLiteral("198.18.0.2");
    public static final InetAddress RUNNER_V6 = InetAddress.ofLiteral("fd52:7761:6c6c:ffff::2");
    /** The sandbox resolver: the runner's resolv.conf points here (UDP and TCP 53). */
    public static final InetAddress RESOLVER_V4 = InetAddress.ofLiteral("198.18.0.53");
    public static final InetAddress RESOLVER_V6 = InetAddress.ofLiteral("fd52:7761:6c6c:ffff::53");
    /** The container bridge's gateway in the runner namespace; containers' resolv.conf points here. */
    public static final InetAddress BRIDGE_GATEWAY_V4 = InetAddress.ofLiteral("198.19.0.1");
    public static final InetAddress BRIDGE_GATEWAY_V6 = InetAddress.ofLiteral("fd52:7761:6c6c:fffe::1");
    /** Prefix lengths used on the links (runner–internet link, container bridge). */
    public static final int LINK_PREFIX_V4 = 30;
    public static final int LINK_PREFIX_V6 = 64;
    public static final int BRIDGE_PREFIX_V4 = 24;
    public static final int BRIDGE_PREFIX_V6 = 64;

    /** Whether the address is inside {@link #SANDBOX_V4} or {@link #SANDBOX_V6}. */
    public static boolean inSandbox(InetAddress address) {
        return Cidr.of(SANDBOX_V4).contains(address) || Cidr.of(SANDBOX_V6).contains(address);
    }

    /** The reserved range the address falls in; empty when it is free for zone use. */
    public static Optional<String> reservedRangeOf(InetAddress address) {
        for (String range : new String[] {INFRASTRUCTURE_V4, INFRASTRUCTURE_V6, CONTAINERS_V4, CONTAINERS_V6}) {
            if (Cidr.of(range).contains(address)) {
                return Optional.of(range);
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address of the n-th container (n from 1) on the bridge. */
    public static InetAddress containerV4(int n) {
        return Cidr.of(CONTAINERS_V4).plus(1 + n);
    }

    /** The IPv6 address of the n-th container (n from 1) on the bridge. */
    public static InetAddress containerV6(int n) {
        return Cidr.of(CONTAINERS_V6).plus(1 + n);
    }

    /** An address as people write it (IPv6 compressed: {@code fd52:7761:6c6c:ffff::53}). */
    public static String text(InetAddress address) {
        return dev.runwall.sandbox.internal.AddressText.of(address);
    }

    /** How many containers fit on the bridge. */
    public static final int MAX_CONTAINERS = 250;

    private AddressPlan() {}
}
