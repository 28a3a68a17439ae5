package dev.runwall.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.report.Report;
import dev.runwall.core.report.ReportBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyMergerTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private static DnsEvent dns(String name, String rcode, Verdict v) {
        return new DnsEvent(T, "s1", v, name, "A", "udp", rcode, List.of(), null, null);
    }

    private static ConnectionEvent conn(String name, String ip, int port, Verdict v) {
        return new ConnectionEvent(T, "s1", v, name, ip, port, "tcp", "output", null, null);
    }

    private static Report run(String job, Event... events) {
        return ReportBuilder.build(List.of(events), job);
    }

    @Test
    void unionOfRunsSortedWithConnectionPortsAndDefaultForResolvedOnly() {
        Report r1 = run("build", dns("api.nuget.org", "NOERROR", Verdict.AUDITED),
                conn("api.nuget.org", "198.18.1.10", 443, Verdict.AUDITED));
        Report r2 = run("build", dns("api.nuget.org", "NOERROR", Verdict.AUDITED),
                dns("telemetry.example", "NOERROR", Verdict.AUDITED),
                conn(null, "fd52:7761:6c6c::9", 8080, Verdict.AUDITED),
                dns("api.nuget.org.search.local", "NXDOMAIN", Verdict.AUDITED));
        Report r3 = run("build", conn("api.nuget.org", "198.18.1.10", 80, Verdict.AUDITED));
        List<PolicyMerger.JobPolicy> merged = PolicyMerger.merge(List.of(r1, r2, r3));
        assertThat(merged).singleElement().satisfies(p -> {
            assertThat(p.runs()).isEqualTo(3);
            assertThat(p.allowedEndpoints()).containsExactly(
                    "[fd52:7761:6c6c::9]:8080", "api.nuget.org:443", "api.nuget.org:80", "telemetry.example:443");
            assertThat(p.toYaml()).isEqualTo("""
                    egress-policy: block
                    allowed-endpoints: >
                      [fd52:7761:6c6c::9]:8080
                      api.nuget.org:443
                      api.nuget.org:80
                      telemetry.example:443
                    """);
        });
    }

    @Test
    void yamlParsesBackIntoTheSamePolicy() throws PolicyException {
        Report r = run("j", dns("a.example", "NOERROR", Verdict.AUDITED), conn(null, "198.18.3.3", 22, Verdict.AUDITED));
        PolicyMerger.JobPolicy p = PolicyMerger.merge(List.of(r)).getFirst();
        String value = p.toYaml().substring(p.toYaml().indexOf(">\n") + 2);
        assertThat(EgressPolicy.of(EgressMode.BLOCK, value).endpoints()).extracting(EndpointPattern::text)
                .containsExactly("198.18.3.3:22", "a.example:443");
    }

    @Test
    void blockedCallsAreListedNotIncludedAndJobsStaySeparate() {
        Report block = run("build", dns("evil.example", "NXDOMAIN", Verdict.BLOCKED),
                dns("api.nuget.org", "NOERROR", Verdict.ALLOWED));
        Report other = run("test", dns("pypi.example", "NOERROR", Verdict.AUDITED));
        List<PolicyMerger.JobPolicy> merged = PolicyMerger.merge(List.of(block, other));
        assertThat(merged).extracting(PolicyMerger.JobPolicy::job).containsExactly("build", "test");
        assertThat(merged.get(0).allowedEndpoints()).containsExactly("api.nuget.org:443");
        assertThat(merged.get(0).blockedNotIncluded()).containsExactly("evil.example");
        assertThat(merged.get(1).allowedEndpoints()).containsExactly("pypi.example:443");
    }

    @Test
    void emptyPolicyYamlIsValid() {
        PolicyMerger.JobPolicy p = PolicyMerger.merge(List.of(run(null))).getFirst();
        assertThat(p.toYaml()).isEqualTo("egress-policy: block\nallowed-endpoints: \"\"\n");
    }

    /** A name as asked is not always a host name: only exact names and addresses become entries, the rest is listed. */
    @Test
    void namesThatAreNoExactHostNameAreListedNotIncluded() {
        Report r = run("build", dns("evil.example\n- \"*:443\"", "NOERROR", Verdict.AUDITED),
                dns("odd\\032name.example", "NOERROR", Verdict.AUDITED),
                conn("*", "198.18.1.10", 443, Verdict.AUDITED),
                conn("*.example.com", "198.18.1.11", 443, Verdict.AUDITED),
                dns("API.Example.org", "NOERROR", Verdict.AUDITED));
        PolicyMerger.JobPolicy p = PolicyMerger.merge(List.of(r)).getFirst();
        assertThat(p.allowedEndpoints()).containsExactly("api.example.org:443");
        assertThat(p.invalidNotIncluded()).containsExactlyInAnyOrder("evil.example\n- \"*:443\":443",
                "odd\\032name.example:443", "*:443", "*.example.com:443");
        assertThat(PolicyYaml.withBlockAndNotes(p)).isEqualTo("""
                # not an exact host name or address, not included: *.example.com:443
                # not an exact host name or address, not included: *:443
                # not an exact host name or address, not included: evil.example - "*:443":443
                # not an exact host name or address, not included: odd\\032name.example:443
                egress-policy: block
                allowed-endpoints: >
                  api.example.org:443
                """);
    }
}
