package dev.runwall.core.report;

import static dev.runwall.core.report.Fixtures.process;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineDiffTest {

    private static Report run(String... domainsAndPorts) {
        Fixtures f = new Fixtures().step("s1", "Build");
        for (String dp : domainsAndPorts) {
            String[] p = dp.split(" ");
            if (p.length == 1) {
                f.dns("s1", Verdict.AUDITED, p[0], "NOERROR", process(2, "dig"), "198.18.1.1");
            } else if (p[0].startsWith("198.")) {
                f.connect("s1", Verdict.AUDITED, null, p[0], Integer.parseInt(p[1]), process(3, "nc"));
            } else {
                f.connect("s1", Verdict.AUDITED, p[0], "198.18.1.1", Integer.parseInt(p[1]), process(4, "curl"));
            }
        }
        return f.report("build");
    }

    @Test
    void flagsExactlyTheEndpointNoBaselineRunCalled() {
        List<Report> baseline = List.of(run("api.nuget.org 443"), run("api.nuget.org 443", "cdn.example 443"),
                run("registry.npmjs.org"));
        Report now = run("api.nuget.org 443", "cdn.example 443", "registry.npmjs.org 443", "exfil.attacker.example 443");
        BaselineComparison c = BaselineDiff.compare(baseline, now);
        assertThat(c.runs()).isEqualTo(3);
        assertThat(c.newEndpoints()).extracting(EndpointSummary::label).containsExactly("exfil.attacker.example:443");
        assertThat(c.newEndpoints().getFirst().processes()).extracting(ProcessSummary::exe).containsExactly("/usr/bin/curl");
        assertThat(c.newEndpoints().getFirst().steps()).containsExactly("s1");
    }

    @Test
    void aNewPortOfAKnownNameAndANewRawAddressAreNew() {
        Report now = run("api.nuget.org 8443", "198.18.9.9 22", "api.nuget.org 443");
        BaselineComparison c = BaselineDiff.compare(List.of(run("api.nuget.org 443", "198.18.9.8 22")), now);
        assertThat(c.newEndpoints()).extracting(EndpointSummary::label)
                .containsExactlyInAnyOrder("api.nuget.org:8443", "198.18.9.9:22");
    }

    @Test
    void summaryFlagsNewEndpointsAndSaysWhenThereAreNone() {
        Report now = run("exfil.attacker.example 443");
        String flagged = MarkdownSummary.render(now.withBaseline(BaselineDiff.compare(List.of(run("a.example 443")), now)));
        assertThat(flagged).contains("**New since baseline:** 1", "> [!WARNING]",
                "1 endpoint never seen in the 1 baseline run:", "> - **exfil.attacker.example:443** in step Build (curl (/usr/bin/curl))");
        String clean = MarkdownSummary.render(now.withBaseline(BaselineDiff.compare(List.of(now), now)));
        assertThat(clean).contains("No endpoint outside the 1 baseline run.").doesNotContain("[!WARNING]");
    }
}
