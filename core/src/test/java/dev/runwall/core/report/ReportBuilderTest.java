package dev.runwall.core.report;

import static dev.runwall.core.report.Fixtures.process;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {

    @Test
    void stepsJobAndLossComeFromTheLog() {
        Report r = new Fixtures()
                .started("block", "api.nuget.org:443\n")
                .step("step-1", "Restore")
                .dns("step-1", Verdict.ALLOWED, "api.nuget.org", "NOERROR", process(10, "curl"), "198.18.1.10")
                .stepEnd("step-1", "Restore", 0)
                .dns(null, Verdict.ALLOWED, "x.example", "NOERROR", null)
                .stopped(Map.of("dnsDropped", 3L, "nflogLost", 2L))
                .report("build");
        assertThat(r.schemaVersion()).isEqualTo(1);
        assertThat(r.job().egressPolicy()).isEqualTo("block");
        assertThat(r.job().allowedEndpoints()).isEqualTo("api.nuget.org:443\n");
        assertThat(r.job().startedAt()).isEqualTo(Fixtures.T0);
        assertThat(r.job().endedAt()).isEqualTo(Fixtures.T0.plusSeconds(5));
        assertThat(r.steps()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("step-1");
            assertThat(s.name()).isEqualTo("Restore");
            assertThat(s.startedAt()).isEqualTo(Fixtures.T0.plusSeconds(1));
            assertThat(s.endedAt()).isEqualTo(Fixtures.T0.plusSeconds(3));
            assertThat(s.exitCode()).isZero();
        });
        assertThat(r.events()).hasSize(2);
        assertThat(r.loss()).isEqualTo(new LossInfo(1, 3, 2, 0, 1, 0));
    }

    @Test
    void countersOfComponentsAddToThoseOfTheStoppedEvent() {
        Fixtures f = new Fixtures().started("audit", "");
        f.add(new dev.runwall.core.event.AgentEvent(f.next(), dev.runwall.core.event.AgentEvent.COUNTERS, null, null,
                null, Map.of("auditLost", 7L, "nflogLost", 1L)));
        Report r = f.stopped(Map.of("nflogLost", 2L)).report(null);
        assertThat(r.loss().auditLost()).isEqualTo(7);
        assertThat(r.loss().nflogLost()).isEqualTo(3);
    }

    @Test
    void endpointsGroupByNameAndPortBlockedFirst() {
        Report r = new Fixtures()
                .started("block", "")
                .step("s1", "Build")
                .dns("s1", Verdict.ALLOWED, "api.nuget.org", "NOERROR", process(10, "curl"), "198.18.1.10")
                .connect("s1", Verdict.ALLOWED, "api.nuget.org", "198.18.1.10", 443, process(10, "curl"))
                .connect("s1", Verdict.ALLOWED, "api.nuget.org", "198.18.1.10", 443, process(11, "curl"))
                .dns("s1", Verdict.BLOCKED, "exfil.attacker.example", "NXDOMAIN", process(12, "sh"))
                .connect("s1", Verdict.BLOCKED, null, "198.18.9.9", 80, process(13, "nc"))
                .report(null);
        assertThat(r.endpoints()).extracting(EndpointSummary::label, EndpointSummary::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("198.18.9.9:80", Verdict.BLOCKED),
                org.assertj.core.groups.Tuple.tuple("exfil.attacker.example", Verdict.BLOCKED),
                org.assertj.core.groups.Tuple.tuple("api.nuget.org:443", Verdict.ALLOWED));
        EndpointSummary nuget = r.endpoints().get(2);
        assertThat(nuget.count()).isEqualTo(2);
        assertThat(nuget.processes()).singleElement().satisfies(p -> {
            assertThat(p.exe()).isEqualTo("/usr/bin/curl");
            assertThat(p.pids()).containsExactly(10, 11);
        });
        assertThat(nuget.steps()).containsExactly("s1");
        assertThat(r.anyBlocked()).isTrue();
    }

    @Test
    void dnsOnlyNameKeepsNoPortAndCollectsAddresses() {
        Report r = new Fixtures()
                .dns("s1", Verdict.AUDITED, "a.example", "NOERROR", null, "198.18.1.1", "fd52:7761:6c6c::1")
                .report(null);
        assertThat(r.endpoints()).singleElement().satisfies(e -> {
            assertThat(e.port()).isNull();
            assertThat(e.verdict()).isEqualTo(Verdict.AUDITED);
            assertThat(e.ips()).containsExactly("198.18.1.1", "fd52:7761:6c6c::1");
        });
    }

    @Test
    void jsonRoundTripKeepsEveryField() throws Exception {
        Report r = new Fixtures().started("audit", "").step("s1", "Build")
                .dns("s1", Verdict.AUDITED, "a.example", "NOERROR", process(1, "curl"), "198.18.1.1")
                .connect("s1", Verdict.AUDITED, "a.example", "198.18.1.1", 443, process(1, "curl"))
                .stepEnd("s1", "Build", 0).stopped(Map.of()).report("job");
        java.nio.file.Path f = java.nio.file.Files.createTempFile("report", ".json");
        ReportJson.write(r, f);
        String text = java.nio.file.Files.readString(f);
        assertThat(text).contains("\"kind\" : \"dns\"", "\"kind\" : \"connection\"", "\"verdict\" : \"audited\"",
                "\"startedAt\" : \"2026-11-25T10:00:00Z\"");
        assertThat(ReportJson.read(f)).isEqualTo(r);
        java.nio.file.Files.delete(f);
    }

    @Test
    void readRejectsOtherJsonWithTheFileName() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("notreport", ".json");
        java.nio.file.Files.writeString(f, "{\"hello\": 1}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportJson.read(f))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("not a Runwall report.json");
        java.nio.file.Files.delete(f);
    }
}
