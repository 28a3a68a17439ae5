package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.report.Report;
import dev.runwall.core.report.ReportJson;
import dev.runwall.sandbox.SandboxTestKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, end to end: {@code runwall demo}. */
class DemoIT {
    @TempDir Path tmp;

    @Test
    void demoTellsTheWholeStoryAndCleansUp() throws Exception {
        SandboxTestKit.requirePrivileges();
        Path out = tmp.resolve("demo");
        Process p = new ProcessBuilder(RunwallProcess.command("demo", "--out", out.toString()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("== Audit run 1", "== Audit run 2", "allowed-endpoints: >",
                "  telemetry.buildtool.example:443", "blocked DNS lookup of exfil.attacker.example",
                "in step 'Test' by curl", "blocked tcp connection to 198.18.66.6:443", "torn down").doesNotContain("SLF4J", "ghs_DemoSecret");
        Report block = ReportJson.read(out.resolve("block-run/report.json"));
        assertThat(block.job().egressPolicy()).isEqualTo("block");
        assertThat(block.anyBlocked()).isTrue();
        assertThat(Files.readString(out.resolve("policy.yml"))).startsWith("egress-policy: block\n");
        assertThat(Files.readString(out.resolve("internet-queries.jsonl")))
                .contains("api.nuget.org").doesNotContain("exfil.attacker.example");
        assertThat(Files.readString(out.resolve("block-run/events.jsonl"))).doesNotContain("ghs_DemoSecret");
        String name = output.replaceAll("(?s).*sandbox '(demo-[a-z0-9]+)'.*", "$1");
        assertThat(Path.of("/run/netns/rw-" + name + "-r")).doesNotExist();
    }
}
