package dev.runwall.agent.firewall;

import dev.runwall.core.policy.AddressPattern;
import dev.runwall.core.policy.EgressMode;
import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the kernel firewall is built from; {@link Firewall} turns it into one nftables table.
 *
 * @param mode block (reject what is not allowed) or audit (log every new flow, accept)
 * @param table the name of our {@code inet} table; nothing else is ever touched
 * @param nflogGroup the NFLOG group the {@code log} rules send to (read by the agent)
 * @param proxyAddresses the DNS proxy's addresses: DNS (53, 853) may go there and nowhere else
 * @param upstreamResolvers the resolvers the proxy forwards to: reachable on port 53 by root-owned
 *     sockets only (the agent's own forwarding; see docs/FIREWALL.md for why root)
 * @param policyAddresses the address and CIDR entries of the policy, allowed statically
 */
public record FirewallSpec(
        EgressMode mode,
        String table,
        int nflogGroup,
        List<InetAddress> proxyAddresses,
        List<InetAddress> upstreamResolvers,
        List<AddressPattern> policyAddresses) {
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public FirewallSpec {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("table name must match " + TABLE_NAME + ": " + table);
        }
        if (nflogGroup < 0 || nflogGroup > 0xffff) {
            throw new IllegalArgumentException("NFLOG group must be 0..65535: " + nflogGroup);
        }
        proxyAddresses = List.copyOf(proxyAddresses);
        upstreamResolvers = List.copyOf(upstreamResolvers);
        policyAddresses = List.copyOf(policyAddresses);
    }
}
