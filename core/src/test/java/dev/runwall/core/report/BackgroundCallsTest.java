package dev.runwall.core.report;

import static dev.runwall.core.report.Fixtures.process;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.Verdict;
import org.junit.jupiter.api.Test;

class BackgroundCallsTest {

    @Test
    void aProcessOfStepOneCallingDuringStepThreeIsABackgroundProcessOfStepOne() {
        Report r = new Fixtures()
                .step("step-1", "Start daemon")
                .dns("step-1", Verdict.AUDITED, "a.example", "NOERROR", process(40, "daemon"), "198.18.1.1")
                .stepEnd("step-1", "Start daemon", 0)
                .step("step-2", "Build").stepEnd("step-2", "Build", 0)
                .step("step-3", "Test")
                .connect("step-1", Verdict.AUDITED, "a.example", "198.18.1.1", 443, process(40, "daemon"))
                .connect("step-1", Verdict.AUDITED, null, "fd52:7761:6c6c::9", 8080, process(40, "daemon"))
                .connect("step-3", Verdict.AUDITED, "b.example", "198.18.1.2", 443, process(41, "curl"))
                .stepEnd("step-3", "Test", 0)
                .report(null);
        assertThat(r.steps().get(0).background()).singleElement().satisfies(b -> {
            assertThat(b.pid()).isEqualTo(40);
            assertThat(b.exe()).isEqualTo("/usr/bin/daemon");
            assertThat(b.endpoints()).containsExactly("a.example:443", "[fd52:7761:6c6c::9]:8080");
            assertThat(b.firstCallAfterEnd()).isEqualTo(Fixtures.T0.plusSeconds(6));
        });
        assertThat(r.steps().get(1).background()).isEmpty();
        assertThat(r.steps().get(2).background()).as("calls inside their own step").isEmpty();
        assertThat(MarkdownSummary.render(r)).contains("Background processes of this step that called out after it ended",
                "- pid 40 daemon (/usr/bin/daemon): a.example:443, &#91;fd52:7761:6c6c::9&#93;:8080");
    }

    @Test
    void aStepStillRunningHasNoBackgroundProcesses() {
        Report r = new Fixtures().step("s1", "Run")
                .dns("s1", Verdict.AUDITED, "a.example", "NOERROR", process(3, "curl")).report(null);
        assertThat(r.steps().getFirst().background()).isEmpty();
    }
}
