package dev.runwall.core.report;

import static dev.runwall.core.report.Fixtures.process;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.event.ProcessRef;
import dev.runwall.core.event.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** report.json stays readable across the fields added for attribution, loss and the baseline. */
class ReportCompatibilityTest {

    @Test
    void aReportOfTheFirstReleaseReadsWithEmptyNewFields() throws Exception {
        Path f = Path.of(getClass().getResource("report-v1-first-release.json").toURI());
        Report r = ReportJson.read(f);
        assertThat(r.baseline()).isNull();
        assertThat(r.loss()).isEqualTo(LossInfo.NONE);
        assertThat(r.steps()).singleElement().satisfies(s -> assertThat(s.background()).isEmpty());
        DnsEvent dns = (DnsEvent) r.events().getFirst();
        assertThat(dns.process().exeSha256()).isNull();
        assertThat(dns.process().parents()).containsExactly(new ProcessRef(4240, "bash", "/usr/bin/bash"));
        assertThat(((ConnectionEvent) r.events().get(1)).unexplained()).isNull();
        assertThat(r.endpoints().getFirst().processes().getFirst().parents()).isEmpty();
    }

    @Test
    void newFieldsSurviveAJsonRoundTrip() throws Exception {
        ProcessInfo curl = new ProcessInfo(7, 6, "curl", "/usr/bin/curl", List.of("curl"),
                List.of(new ProcessRef(6, "bash", "/usr/bin/bash")), "ab".repeat(32), 1001, "c0ffee");
        Report r = new Fixtures().started("audit", "").step("s1", "Build").stepEnd("s1", "Build", 0)
                .connect("s1", Verdict.AUDITED, "a.example", "198.18.1.1", 443, curl)
                .stopped(Map.of("auditLost", 4L)).report("job");
        Report withBaseline = r.withBaseline(new BaselineComparison(2, r.endpoints()));
        Path f = Files.createTempFile("report", ".json");
        try {
            ReportJson.write(withBaseline, f);
            assertThat(Files.readString(f)).contains("\"exeSha256\"", "\"background\"", "\"baseline\"",
                    "\"unexplainedFlows\"", "\"container\" : \"c0ffee\"");
            assertThat(ReportJson.read(f)).isEqualTo(withBaseline);
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void anExecutableHashKnownFromALaterEventIsCopiedToEarlierOnes() {
        ProcessInfo first = process(5, "node");
        ProcessInfo later = process(6, "node").withExeSha256("cd".repeat(32));
        Report r = new Fixtures().step("s1", "Build")
                .dns("s1", Verdict.AUDITED, "a.example", "NOERROR", first, "198.18.1.1")
                .dns("s1", Verdict.AUDITED, "b.example", "NOERROR", later, "198.18.1.2")
                .dns("s1", Verdict.AUDITED, "c.example", "NOERROR", process(7, "curl"), "198.18.1.3")
                .report(null);
        assertThat(r.events()).extracting(e -> ((DnsEvent) e).process().exeSha256())
                .containsExactly("cd".repeat(32), "cd".repeat(32), null);
    }
}
