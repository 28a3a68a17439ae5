package dev.runwall.agent;

import dev.runwall.core.policy.EgressPolicy;
import dev.runwall.dns.DnsProxyConfig;
import dev.runwall.dns.resolvconf.ResolverPaths;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run the agent.
 *
 * @param policy the egress policy (mode + allowed endpoints)
 * @param eventLog where to append events (created if missing)
 * @param stateDir where crash-recovery state lives (the original resolver configuration); null: the
 *     default for this network namespace, {@code /run/runwall/netns-<inode>}
 * @param resolver the resolver configuration files to discover upstreams from and redirect
 * @param listen the proxy's listen addresses
 * @param attributionWait how long an answer may wait for the asking process to be found
 */
public record AgentOptions(
        EgressPolicy policy,
        Path eventLog,
        Path stateDir,
        ResolverPaths resolver,
        List<InetSocketAddress> listen,
        Duration attributionWait) {

    public AgentOptions {
        listen = List.copyOf(listen);
    }

    /** Defaults for a runner: system resolver files, 127.0.0.1:53 and [::1]:53. */
    public static AgentOptions defaults(EgressPolicy policy, Path eventLog) {
        return new AgentOptions(policy, eventLog, null, ResolverPaths.system(), DnsProxyConfig.defaultListen(),
                Duration.ofMillis(250));
    }
}
