package dev.runwall.agent.firewall.internal;

import dev.runwall.agent.firewall.FirewallSpec;
import dev.runwall.agent.firewall.LogPrefix;
import dev.runwall.core.net.IpText;
import dev.runwall.core.policy.AddressPattern;
import dev.runwall.core.policy.EgressMode;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Our table in nft's text syntax. docs/FIREWALL.md shows the output and explains every rule.
 *
 * <p>The install batch starts with {@code add table} + {@code delete table}: in one transaction that
 * replaces a table a crashed agent left behind without a moment where no rules are in force, and works
 * as well when there is none.
 */
public final class RulesetText {
    /** Sets the DNS answers fill: address . port, and address alone for {@code host:*} entries. */
    public static final String ALLOW4 = "allow4";
    public static final String ALLOW6 = "allow6";
    public static final String ALLOW4_ANY = "allow4any";
    public static final String ALLOW6_ANY = "allow6any";

    private static final String DNS_PORTS = "{ 53, 853 }";
    private static final String ND_TYPES = "{ nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert, "
            + "mld-listener-report, mld2-listener-report }";

    private RulesetText() {}

    /** The batch that (re)creates the table atomically. */
    public static String install(FirewallSpec spec) {
        String t = spec.table();
        return "add table inet " + t + "\ndelete table inet " + t + "\n" + definition(spec);
    }

    /** The batch that removes the table. */
    public static String remove(String table) {
        return "delete table inet " + table + "\n";
    }

    /** The table in {@code nft list} form. */
    public static String definition(FirewallSpec spec) {
        var out = new StringBuilder("table inet ").append(spec.table()).append(" {\n");
        sets(spec, out);
        if (spec.mode() == EgressMode.BLOCK) {
            blockChains(spec, out);
        } else {
            auditChains(spec, out);
        }
        return out.append("}\n").toString();
    }

    private static void sets(FirewallSpec spec, StringBuilder out) {
        set(out, "dns4", "ipv4_addr", "", texts(spec.proxyAddresses(), Inet4Address.class::isInstance));
        set(out, "dns6", "ipv6_addr", "", texts(spec.proxyAddresses(), Inet6Address.class::isInstance));
        set(out, "upstream4", "ipv4_addr", "", texts(spec.upstreamResolvers(), Inet4Address.class::isInstance));
        set(out, "upstream6", "ipv6_addr", "", texts(spec.upstreamResolvers(), Inet6Address.class::isInstance));
        if (spec.mode() != EgressMode.BLOCK) {
            return;
        }
        set(out, ALLOW4, "ipv4_addr . inet_service", "timeout", List.of());
        set(out, ALLOW6, "ipv6_addr . inet_service", "timeout", List.of());
        set(out, ALLOW4_ANY, "ipv4_addr", "timeout", List.of());
        set(out, ALLOW6_ANY, "ipv6_addr", "timeout", List.of());
        List<AddressPattern> policy = spec.policyAddresses();
        set(out, "policy4", "ipv4_addr . inet_service", "interval", ranges(policy, false, false));
        set(out, "policy6", "ipv6_addr . inet_service", "interval", ranges(policy, true, false));
        set(out, "policy4any", "ipv4_addr", "interval", ranges(policy, false, true));
        set(out, "policy6any", "ipv6_addr", "interval", ranges(policy, true, true));
    }

    private static void blockChains(FirewallSpec spec, StringBuilder out) {
        chain(out, "output", "filter hook output priority filter; policy accept;",
                "ct state established,related accept",
                "ct state invalid drop",
                "meta l4proto { tcp, udp } th dport " + DNS_PORTS + " jump dns",
                "oif \"lo\" accept",
                "icmpv6 type " + ND_TYPES + " accept",
                "jump allowed",
                log(spec, LogPrefix.BLOCK_OTHER) + " goto deny");
        chain(out, "forward", "filter hook forward priority filter; policy accept;",
                "ct state established,related accept",
                "ct state invalid drop",
                "meta l4proto { tcp, udp } th dport " + DNS_PORTS + " " + log(spec, LogPrefix.BLOCK_DNS) + " goto deny",
                "jump allowed",
                log(spec, LogPrefix.BLOCK_OTHER) + " goto deny");
        chain(out, "dns", null, dnsRules(spec, log(spec, LogPrefix.BLOCK_DNS) + " goto deny"));
        String name = log(spec, LogPrefix.ALLOW_NAME) + " accept";
        String policy = log(spec, LogPrefix.ALLOW_POLICY) + " accept";
        chain(out, "allowed", null,
                "meta l4proto { tcp, udp } ip daddr . th dport @" + ALLOW4 + " " + name,
                "meta l4proto { tcp, udp } ip6 daddr . th dport @" + ALLOW6 + " " + name,
                "ip daddr @" + ALLOW4_ANY + " " + name,
                "ip6 daddr @" + ALLOW6_ANY + " " + name,
                "meta l4proto { tcp, udp } ip daddr . th dport @policy4 " + policy,
                "meta l4proto { tcp, udp } ip6 daddr . th dport @policy6 " + policy,
                "ip daddr @policy4any " + policy,
                "ip6 daddr @policy6any " + policy);
        chain(out, "deny", null,
                "meta l4proto tcp reject with tcp reset",
                "reject with icmpx type admin-prohibited");
    }

    private static void auditChains(FirewallSpec spec, StringBuilder out) {
        String logNew = "ct state new " + log(spec, LogPrefix.AUDIT_NEW) + " accept";
        chain(out, "output", "filter hook output priority filter; policy accept;",
                "ct state established,related accept",
                "meta l4proto { tcp, udp } th dport " + DNS_PORTS + " jump dns",
                "oif \"lo\" accept",
                "icmpv6 type " + ND_TYPES + " accept",
                logNew);
        chain(out, "forward", "filter hook forward priority filter; policy accept;",
                "ct state established,related accept",
                "meta l4proto { tcp, udp } th dport " + DNS_PORTS + " ct state new "
                        + log(spec, LogPrefix.AUDIT_DNS) + " accept",
                logNew);
        chain(out, "dns", null, dnsRules(spec, "ct state new " + log(spec, LogPrefix.AUDIT_DNS) + " accept"));
    }

    /** DNS goes to our proxy; the agent's own forwarding (root-owned sockets) to the upstream resolvers. */
    private static String[] dnsRules(FirewallSpec spec, String otherwise) {
        return new String[] {
            "ip daddr @dns4 accept",
            "ip6 daddr @dns6 accept",
            "meta skuid 0 th dport 53 ip daddr @upstream4 accept",
            "meta skuid 0 th dport 53 ip6 daddr @upstream6 accept",
            otherwise,
        };
    }

    private static String log(FirewallSpec spec, LogPrefix prefix) {
        return "log prefix \"" + prefix.text() + "\" group " + spec.nflogGroup();
    }

    private static void chain(StringBuilder out, String name, String hook, String... rules) {
        out.append("  chain ").append(name).append(" {\n");
        if (hook != null) {
            out.append("    type ").append(hook).append('\n');
        }
        for (String rule : rules) {
            out.append("    ").append(rule).append('\n');
        }
        out.append("  }\n");
    }

    private static void set(StringBuilder out, String name, String type, String flags, List<String> elements) {
        out.append("  set ").append(name).append(" {\n    type ").append(type).append('\n');
        if (!flags.isEmpty()) {
            out.append("    flags ").append(flags).append('\n');
        }
        if (!elements.isEmpty()) {
            out.append("    elements = { ").append(String.join(", ", elements)).append(" }\n");
        }
        out.append("  }\n");
    }

    private static List<String> texts(List<InetAddress> addresses, Predicate<InetAddress> family) {
        return addresses.stream().filter(family).map(IpText::of).distinct().toList();
    }

    /**
     * Policy ranges of one family, either those with a port or those for any port. A range inside another
     * range with the same port is left out: an interval set refuses overlapping elements.
     */
    private static List<String> ranges(List<AddressPattern> policy, boolean v6, boolean anyPort) {
        List<String> out = new ArrayList<>();
        for (AddressPattern p : policy) {
            if ((p.network() instanceof Inet6Address) != v6 || p.port().isAny() != anyPort || coveredByAnother(p, policy)) {
                continue;
            }
            String range = IpText.of(p.network()) + (p.isSingleAddress() ? "" : "/" + p.prefixLength());
            out.add(anyPort ? range : range + " . " + p.port().number());
        }
        return out.stream().distinct().toList();
    }

    private static boolean coveredByAnother(AddressPattern p, List<AddressPattern> policy) {
        for (AddressPattern q : policy) {
            if (q.port().equals(p.port()) && q.prefixLength() < p.prefixLength() && q.contains(p.network())) {
                return true;
            }
        }
        return false;
    }
}
