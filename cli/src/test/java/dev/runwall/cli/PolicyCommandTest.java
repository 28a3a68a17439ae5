package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandTest {
    @TempDir Path tmp;

    @Test
    void threeRunsMergeIncludingAnEndpointOfOnlyOneRunInBothFormats() throws Exception {
        Path r1 = ReportFixtures.write(tmp.resolve("r1"), "build", "Restore|api.nuget.org|443");
        Path r2 = ReportFixtures.write(tmp.resolve("r2"), "build", "Restore|api.nuget.org|443", "Build|telemetry.example|443");
        Path r3 = ReportFixtures.write(tmp.resolve("r3"), "build", "Restore|api.nuget.org|443");
        CliRun run = CliRun.of("policy", r1.toString(), r2.toString(), tmp.resolve("r3").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                # runwall policy for job 'build', merged from 3 runs: Runwall policy file
                job: 'build'
                runs: 3
                egress-policy: block
                allowed-endpoints:
                  - 'api.nuget.org:443'  # 3/3 runs; Restore
                  - 'telemetry.example:443'  # 1/3 runs; Build
                ---
                # runwall policy for job 'build', merged from 3 runs: allowed-endpoints for the step's with: (Harden-Runner's format)
                egress-policy: block
                allowed-endpoints: >
                  api.nuget.org:443
                  telemetry.example:443
                """);
        assertThat(r3).exists();
    }

    @Test
    void perStepAndWildcardsInTheRunwallFormat() throws Exception {
        Path r = ReportFixtures.write(tmp.resolve("r"), "build", "Restore|a.cdn.example.com|443",
                "Restore|b.cdn.example.com|443", "Test|c.cdn.example.com|443");
        CliRun suggested = CliRun.of("policy", "--format", "runwall", "--per-step", r.toString());
        assertThat(suggested.out()).contains("# suggestion: '*.cdn.example.com:443' would replace",
                "steps:\n  'Restore':\n    - 'a.cdn.example.com:443'\n    - 'b.cdn.example.com:443'\n  'Test':\n    - 'c.cdn.example.com:443'\n")
                .doesNotContain("allowed-endpoints: >");
        CliRun applied = CliRun.of("policy", "--format", "harden-runner", "--apply-wildcards", r.toString());
        assertThat(applied.out()).endsWith("allowed-endpoints: >\n  *.cdn.example.com:443\n");
        CliRun off = CliRun.of("policy", "--wildcard-min", "0", "--format", "runwall", r.toString());
        assertThat(off.out()).doesNotContain("suggestion");
    }

    @Test
    void aBadFormatIsExitTwo() throws Exception {
        Path r = ReportFixtures.write(tmp.resolve("r"), "build", "S|a.example|443");
        CliRun run = CliRun.of("policy", "--format", "yaml", r.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("'yaml' is not a format");
    }
}
