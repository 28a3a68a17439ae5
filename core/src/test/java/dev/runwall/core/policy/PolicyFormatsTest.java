package dev.runwall.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.StepEvent;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.report.Report;
import dev.runwall.core.report.ReportBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Provenance per entry, per-step view, wildcard suggestions and the two printed formats. */
class PolicyFormatsTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    /** A run with steps named by the given ids ("Restore" → id step-1, ...) and calls "step|host|port". */
    private static Report run(String job, String... calls) {
        List<Event> log = new ArrayList<>();
        List<String> stepNames = new ArrayList<>();
        for (String c : calls) {
            String step = c.split("\\|")[0];
            if (!stepNames.contains(step)) {
                stepNames.add(step);
                log.add(new StepEvent(T, "id-" + stepNames.size() + "-" + job, step, StepEvent.Phase.STARTED, null));
            }
        }
        for (String c : calls) {
            String[] p = c.split("\\|");
            String stepId = "id-" + (stepNames.indexOf(p[0]) + 1) + "-" + job;
            if (p[2].equals("dns")) {
                log.add(new DnsEvent(T, stepId, Verdict.AUDITED, p[1], "A", "udp", "NOERROR", List.of(), null, null));
            } else {
                log.add(new ConnectionEvent(T, stepId, Verdict.AUDITED, p[1], "198.18.1.1", Integer.parseInt(p[2]), "tcp",
                        "output", null, null));
            }
        }
        return ReportBuilder.build(log, job);
    }

    @Test
    void anEndpointOfOnlyOneRunIsIncludedWithItsRunCountAndStep() {
        Report r1 = run("build", "Restore|api.nuget.org|443");
        Report r2 = run("build", "Restore|api.nuget.org|443", "Build|telemetry.example|443");
        Report r3 = run("build", "Restore|api.nuget.org|443");
        PolicyMerger.JobPolicy p = PolicyMerger.merge(List.of(r1, r2, r3)).getFirst();
        assertThat(p.allowedEndpoints()).containsExactly("api.nuget.org:443", "telemetry.example:443");
        assertThat(p.entries()).containsExactly(new PolicyEntry("api.nuget.org:443", 3, List.of("Restore")),
                new PolicyEntry("telemetry.example:443", 1, List.of("Build")));
        assertThat(PolicyYaml.runwallFile(p, false)).isEqualTo("""
                job: 'build'
                runs: 3
                egress-policy: block
                allowed-endpoints:
                  - 'api.nuget.org:443'  # 3/3 runs; Restore
                  - 'telemetry.example:443'  # 1/3 runs; Build
                """);
    }

    @Test
    void perStepListsWhatEachStepNeededAndParses() {
        PolicyMerger.JobPolicy p = PolicyMerger.merge(List.of(
                run("build", "Restore|api.nuget.org|443", "Build|api.nuget.org|443", "Build|cdn.example|dns"),
                run("build", "Test: it's 'quoted'\n- evil: x|pypi.example|443"))).getFirst();
        String yaml = PolicyYaml.runwallFile(p, true);
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        assertThat(doc.get("allowed-endpoints")).isEqualTo(List.of("api.nuget.org:443", "cdn.example:443", "pypi.example:443"));
        assertThat(doc.get("steps")).isEqualTo(Map.of(
                "Restore", List.of("api.nuget.org:443"),
                "Build", List.of("api.nuget.org:443", "cdn.example:443"),
                "Test: it's 'quoted' - evil: x", List.of("pypi.example:443")));
    }

    @Test
    void siblingNamesGetAWildcardSuggestionAtTheDeepestParent() {
        PolicyMerger.JobPolicy p = PolicyMerger.merge(List.of(run("j",
                "S|a.cdn.example.com|443", "S|b.cdn.example.com|443", "S|c.d.cdn.example.com|443",
                "S|www.example.com|443", "S|api.example.com|443", "S|a.cdn.example.com|80"))).getFirst();
        assertThat(p.wildcards()).containsExactly(new WildcardSuggestion("*.cdn.example.com:443",
                List.of("a.cdn.example.com:443", "b.cdn.example.com:443", "c.d.cdn.example.com:443")));
        assertThat(p.withWildcardsApplied()).containsExactly("*.cdn.example.com:443", "a.cdn.example.com:80",
                "api.example.com:443", "www.example.com:443");
        assertThat(PolicyYaml.runwallFile(p, false)).contains("# suggestion: '*.cdn.example.com:443' would replace "
                + "a.cdn.example.com:443, b.cdn.example.com:443, c.d.cdn.example.com:443");
        assertThat(p.applyWildcards().toYaml()).contains("  *.cdn.example.com:443\n").doesNotContain("b.cdn.example.com");
    }

    @Test
    void noWildcardWhereAnyoneCanRegisterANameOrUnderAPublicSuffix() {
        PolicyMerger.JobPolicy p = PolicyMerger.merge(List.of(run("j",
                "S|a.blob.core.windows.net|443", "S|b.blob.core.windows.net|443", "S|c.blob.core.windows.net|443",
                "S|x.github.io|443", "S|y.github.io|443", "S|z.github.io|443",
                "S|a.com|443", "S|b.com|443", "S|c.com|443",
                "S|a.co.uk|443", "S|b.co.uk|443", "S|c.co.uk|443"))).getFirst();
        assertThat(p.wildcards()).isEmpty();
    }

    @Test
    void suggestionsNeedTheThresholdAndCanBeTurnedOff() {
        Report r = run("j", "S|a.cdn.example.com|443", "S|b.cdn.example.com|443");
        assertThat(PolicyMerger.merge(List.of(r)).getFirst().wildcards()).isEmpty();
        assertThat(PolicyMerger.merge(List.of(r), 2).getFirst().wildcards()).hasSize(1);
        assertThat(PolicyMerger.merge(List.of(r), 0).getFirst().wildcards()).isEmpty();
    }

    @Test
    void withBlockParsesAsHardenRunnerInputs() throws PolicyException {
        PolicyMerger.JobPolicy p = PolicyMerger.merge(List.of(run("j", "S|api.nuget.org|443", "S|a.example|8443"))).getFirst();
        @SuppressWarnings("unchecked")
        Map<String, Object> with = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(p.toYaml());
        assertThat(with.get("egress-policy")).isEqualTo("block");
        assertThat(EgressPolicy.of(EgressMode.BLOCK, (String) with.get("allowed-endpoints")).endpoints())
                .extracting(EndpointPattern::text).containsExactlyInAnyOrder("a.example:8443", "api.nuget.org:443");
    }
}
