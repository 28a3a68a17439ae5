package dev.runwall.agent;

import dev.runwall.agent.firewall.FirewallOptions;
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
 * @param stateDir where crash-recovery state lives (the original resolver configuration, the agent's
 *     status and lock); null: the default for this network namespace, {@code /run/runwall/netns-<inode>}
 * @param resolver the resolver configuration files to discover upstreams from and redirect
 * @param listen the proxy's listen addresses
 * @param attributionWait how long a DNS event waits for its asker's lookup when it is written (the proxy holds
 *     each answer until that lookup is done, so it is normally over by then)
 * @param firewall the kernel firewall's settings
 * @param supervisorCommand how to start {@code runwall} (java, its options, class path, main class), so
 *     the agent can start its supervisor in audit mode; empty: no supervisor
 * @param reportDir where {@code runwall agent stop} writes the report; null when the caller writes it
 * @param job the job name for the report, may be null
 */
public record AgentOptions(
        EgressPolicy policy,
        Path eventLog,
        Path stateDir,
        ResolverPaths resolver,
        List<InetSocketAddress> listen,
        Duration attributionWait,
        FirewallOptions firewall,
        List<String> supervisorCommand,
        Path reportDir,
        String job) {

    public AgentOptions {
        listen = List.copyOf(listen);
        supervisorCommand = List.copyOf(supervisorCommand);
    }

    /** Defaults for a runner: system resolver files, 127.0.0.1:53 and [::1]:53, the firewall on, no supervisor. */
    public static AgentOptions defaults(EgressPolicy policy, Path eventLog) {
        return new AgentOptions(policy, eventLog, null, ResolverPaths.system(), DnsProxyConfig.defaultListen(),
                Duration.ofMillis(250), FirewallOptions.defaults(), List.of(), null, null);
    }

    public AgentOptions withFirewall(FirewallOptions options) {
        return new AgentOptions(policy, eventLog, stateDir, resolver, listen, attributionWait, options,
                supervisorCommand, reportDir, job);
    }

    /** Starts a supervisor in audit mode with {@code runwallCommand} + {@code agent supervise …}. */
    public AgentOptions withSupervisor(List<String> runwallCommand) {
        return new AgentOptions(policy, eventLog, stateDir, resolver, listen, attributionWait, firewall,
                runwallCommand, reportDir, job);
    }

    public AgentOptions withReport(Path dir, String jobName) {
        return new AgentOptions(policy, eventLog, stateDir, resolver, listen, attributionWait, firewall,
                supervisorCommand, dir, jobName);
    }

    public AgentOptions withStateDir(Path dir) {
        return new AgentOptions(policy, eventLog, dir, resolver, listen, attributionWait, firewall,
                supervisorCommand, reportDir, job);
    }
}
