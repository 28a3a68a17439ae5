package dev.runwall.core.report;

import static dev.runwall.core.report.Fixtures.process;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.event.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownSummaryTest {

    @Test
    void perStepBlockedFirstAndMarked() {
        String md = MarkdownSummary.render(new Fixtures()
                .started("block", "")
                .step("s1", "Restore packages")
                .dns("s1", Verdict.ALLOWED, "api.nuget.org", "NOERROR", process(10, "curl"), "198.18.1.10")
                .stepEnd("s1", "Restore packages", 0)
                .step("s2", "Build")
                .dns("s2", Verdict.ALLOWED, "api.nuget.org", "NOERROR", process(11, "dotnet"), "198.18.1.10")
                .dns("s2", Verdict.BLOCKED, "exfil.attacker.example", "NXDOMAIN", process(12, "curl"))
                .stepEnd("s2", "Build", 6)
                .report("build"));
        assertThat(md).contains("**Blocked:** 1");
        assertThat(md).contains("> Blocked exfil.attacker.example in step Build (curl (/usr/bin/curl))");
        int restore = md.indexOf("### Step: Restore packages (exit 0)");
        int build = md.indexOf("### Step: Build (exit 6)");
        assertThat(restore).isPositive().isLessThan(build);
        String buildSection = md.substring(build);
        assertThat(buildSection.indexOf("exfil.attacker.example")).isLessThan(buildSection.indexOf("api.nuget.org"));
        assertThat(buildSection).contains("\u26D4 **blocked** | exfil.attacker.example");
        assertThat(md.substring(restore, build)).doesNotContain("exfil");
    }

    @Test
    void attackerControlledTextCannotInjectMarkupOrHtml() {
        ProcessInfo evil = new ProcessInfo(5, 1, "<img src=x onerror=alert(1)>", "/tmp/a|b`c`[x](http://e)",
                List.of(), List.of());
        String md = MarkdownSummary.render(new Fixtures()
                .step("s1", "**bold** <script>alert(1)</script>")
                .dns("s1", Verdict.AUDITED, "x_y.example", "NOERROR", evil)
                .report("job<b>"));
        assertThat(md).doesNotContain("<img", "<script", "<b>", "`c`", "[x](", "**bold**", "a|b", "x_y");
        assertThat(md).contains("&#60;img src=x onerror=alert&#40;1&#41;&#62;");
    }

    @Test
    void unattributedAndLossSectionsAppearOnlyWhenThereIsSomething() {
        String clean = MarkdownSummary.render(new Fixtures().step("s1", "A")
                .dns("s1", Verdict.AUDITED, "a.example", "NOERROR", Fixtures.process(3, "dig")).report(null));
        assertThat(clean).doesNotContain("Not attributed", "### Loss");
        String lossy = MarkdownSummary.render(new Fixtures().step("s1", "A")
                .dns(null, Verdict.AUDITED, "a.example", "NOERROR", null).report(null));
        assertThat(lossy).contains("### Not attributed to a step", "### Loss", "| 1 | 1 | 0 | 0 | 0 | 0 |");
    }

    @Test
    void escapeKeepsSafeTextAndTruncatesLongCells() {
        assertThat(Markdown.escape("api.nuget.org:443")).isEqualTo("api.nuget.org:443");
        assertThat(Markdown.escape("a\nb\u0000c")).isEqualTo("a b c");
        assertThat(Markdown.escape("x".repeat(500))).isEqualTo("x".repeat(200) + "&#8230;");
    }
}
