package dev.runwall.agent.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.firewall.FirewallSpec;
import dev.runwall.agent.firewall.LogPrefix;
import dev.runwall.core.policy.AddressPattern;
import dev.runwall.core.policy.EgressMode;
import dev.runwall.core.policy.EgressPolicy;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesetTextTest {
    private static final List<InetAddress> PROXY = List.of(InetAddress.ofLiteral("127.0.0.1"),
            InetAddress.ofLiteral("::1"), InetAddress.ofLiteral("198.19.0.1"));
    private static final List<InetAddress> UPSTREAM = List.of(InetAddress.ofLiteral("198.18.0.53"),
            InetAddress.ofLiteral("fd52:7761:6c6c:ffff::53"));

    private static FirewallSpec spec(EgressMode mode, String allowedEndpoints) throws Exception {
        List<AddressPattern> policy = EgressPolicy.of(mode, allowedEndpoints).addressPatterns();
        return new FirewallSpec(mode, "runwall", 7, PROXY, UPSTREAM, policy);
    }

    @Test
    void installReplacesALeftoverTableInTheSameTransaction() throws Exception {
        String batch = RulesetText.install(spec(EgressMode.BLOCK, ""));
        assertThat(batch).startsWith("add table inet runwall\ndelete table inet runwall\ntable inet runwall {\n");
        assertThat(RulesetText.remove("runwall")).isEqualTo("delete table inet runwall\n");
    }

    @Test
    void blockHooksOutputAndForwardOnEveryInterfaceAndRejectsTheRest() throws Exception {
        String text = RulesetText.definition(spec(EgressMode.BLOCK, "api.nuget.org:443"));
        assertThat(text).contains("type filter hook output priority filter; policy accept;",
                "type filter hook forward priority filter; policy accept;");
        assertThat(text).as("no rule names an interface but loopback").doesNotContainPattern("iifname|oifname|eth0|docker0");
        assertThat(chain(text, "output")).containsSubsequence(
                "ct state established,related accept",
                "meta l4proto { tcp, udp } th dport { 53, 853 } jump dns",
                "oif \"lo\" accept",
                "jump allowed",
                "log prefix \"runwall:block:other\" group 7 goto deny");
        assertThat(chain(text, "forward")).containsSubsequence(
                "ct state established,related accept",
                "th dport { 53, 853 } log prefix \"runwall:block:dns\" group 7 goto deny",
                "jump allowed",
                "log prefix \"runwall:block:other\" group 7 goto deny");
        assertThat(chain(text, "deny")).containsSubsequence("meta l4proto tcp reject with tcp reset",
                "reject with icmpx type admin-prohibited");
    }

    @Test
    void dnsGoesOnlyToTheProxyAndTheUpstreamOnlyFromRoot() throws Exception {
        String text = RulesetText.definition(spec(EgressMode.BLOCK, ""));
        assertThat(set(text, "dns4")).contains("elements = { 127.0.0.1, 198.19.0.1 }");
        assertThat(set(text, "dns6")).contains("elements = { ::1 }");
        assertThat(set(text, "upstream4")).contains("elements = { 198.18.0.53 }");
        assertThat(set(text, "upstream6")).contains("elements = { fd52:7761:6c6c:ffff::53 }");
        assertThat(chain(text, "dns")).containsSubsequence("ip daddr @dns4 accept", "ip6 daddr @dns6 accept",
                "meta skuid 0 th dport 53 ip daddr @upstream4 accept",
                "meta skuid 0 th dport 53 ip6 daddr @upstream6 accept",
                "log prefix \"runwall:block:dns\" group 7 goto deny");
    }

    @Test
    void allowedSetsAreTypedWithTimeoutsAndEveryAllowIsLogged() throws Exception {
        String text = RulesetText.definition(spec(EgressMode.BLOCK, ""));
        assertThat(set(text, "allow4")).contains("type ipv4_addr . inet_service", "flags timeout");
        assertThat(set(text, "allow6")).contains("type ipv6_addr . inet_service", "flags timeout");
        assertThat(set(text, "allow4any")).contains("type ipv4_addr\n", "flags timeout");
        assertThat(set(text, "allow6any")).contains("type ipv6_addr\n", "flags timeout");
        assertThat(chain(text, "allowed")).contains(
                "meta l4proto { tcp, udp } ip daddr . th dport @allow4 log prefix \"runwall:allow:name\" group 7 accept",
                "meta l4proto { tcp, udp } ip6 daddr . th dport @allow6 log prefix \"runwall:allow:name\" group 7 accept",
                "ip daddr @allow4any log prefix \"runwall:allow:name\" group 7 accept",
                "ip daddr @policy4any log prefix \"runwall:allow:policy\" group 7 accept");
    }

    @Test
    void policyAddressesGoToIntervalSetsWithoutOverlaps() throws Exception {
        String text = RulesetText.definition(spec(EgressMode.BLOCK,
                "198.18.7.0/24:443 198.18.7.9:443 198.18.7.9:80 [fd52:7761:6c6c::7]:443 198.18.9.0/28:* 10.0.0.0/8:*"));
        assertThat(set(text, "policy4")).contains("flags interval", "elements = { 198.18.7.0/24 . 443, 198.18.7.9 . 80 }");
        assertThat(set(text, "policy6")).contains("elements = { fd52:7761:6c6c::7 . 443 }");
        assertThat(set(text, "policy4any")).contains("elements = { 10.0.0.0/8, 198.18.9.0/28 }");
        assertThat(set(text, "policy6any")).doesNotContain("elements");
    }

    @Test
    void auditLogsEveryNewFlowAndDnsElsewhereAndAcceptsAll() throws Exception {
        String text = RulesetText.definition(spec(EgressMode.AUDIT, ""));
        assertThat(text).doesNotContain("reject", "drop", "allow4", "policy4");
        assertThat(chain(text, "output")).containsSubsequence("ct state established,related accept",
                "th dport { 53, 853 } jump dns", "oif \"lo\" accept",
                "ct state new log prefix \"runwall:audit:new\" group 7 accept");
        assertThat(chain(text, "forward")).containsSubsequence(
                "th dport { 53, 853 } ct state new log prefix \"runwall:audit:dns\" group 7 accept",
                "ct state new log prefix \"runwall:audit:new\" group 7 accept");
        assertThat(chain(text, "dns")).contains("ct state new log prefix \"runwall:audit:dns\" group 7 accept");
    }

    @Test
    void everyPrefixTheRulesWriteIsOneTheReaderKnows() throws Exception {
        String both = RulesetText.definition(spec(EgressMode.BLOCK, "")) + RulesetText.definition(spec(EgressMode.AUDIT, ""));
        var written = java.util.regex.Pattern.compile("prefix \"([^\"]+)\"").matcher(both).results()
                .map(m -> m.group(1)).distinct().toList();
        assertThat(written).allSatisfy(p -> assertThat(LogPrefix.of(p)).isPresent());
        assertThat(written).hasSize(LogPrefix.values().length);
    }

    private static String chain(String text, String name) {
        return block(text, "  chain " + name + " {\n");
    }

    private static String set(String text, String name) {
        return block(text, "  set " + name + " {\n");
    }

    private static String block(String text, String header) {
        int start = text.indexOf(header);
        assertThat(start).as(header.strip() + " in\n" + text).isNotNegative();
        return text.substring(start, text.indexOf("\n  }\n", start) + 4);
    }
}
