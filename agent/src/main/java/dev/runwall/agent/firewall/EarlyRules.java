package dev.runwall.agent.firewall;

import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.DnsProxyConfig;
import dev.runwall.linux.nft.Nft;
import dev.runwall.linux.nft.NftException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

/**
 * Block mode's rules, put in place by {@code runwall agent start} itself before it starts the agent's
 * process: the job is then held from the moment the command runs, not from when a second JVM has come up.
 * They are the agent's rules with empty allowed sets and no upstream exemption (nothing may resolve
 * yet), so strictly tighter; the agent replaces them atomically when it installs its own.
 */
public final class EarlyRules {
    private EarlyRules() {}

    /**
     * @param listen the proxy's listen addresses (bridge gateways are added as the agent will)
     * @return when the rules were in the kernel
     */
    public static Instant install(EgressPolicy policy, FirewallOptions options, List<InetSocketAddress> listen)
            throws NftException {
        if (policy.mode() != EgressMode.BLOCK) {
            throw new IllegalArgumentException("early rules are for block mode");
        }
        List<InetSocketAddress> served = options.listenOnBridges()
                ? ContainerBridges.system().withGateways(listen, DnsProxyConfig.DNS_PORT) : listen;
        FirewallSpec spec = new FirewallSpec(EgressMode.BLOCK, options.table(), options.nflogGroup(),
                served.stream().map(InetSocketAddress::getAddress).distinct().toList(), List.of(),
                policy.addressPatterns());
        try (Nft nft = Nft.open()) {
            Firewall firewall = Firewall.create(nft, spec, options);
            firewall.install();
            return firewall.installedAt();
        }
    }
}
