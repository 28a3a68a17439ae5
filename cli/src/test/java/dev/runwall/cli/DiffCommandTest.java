package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
    @TempDir Path tmp;

    @Test
    void flagsExactlyTheNewEndpointWithItsStepAndProcess() throws Exception {
        ReportFixtures.write(tmp.resolve("runs/1"), "build", "Restore|api.nuget.org|443");
        ReportFixtures.write(tmp.resolve("runs/2"), "build", "Restore|api.nuget.org|443", "Build|cdn.example|dns");
        Path extra = ReportFixtures.write(tmp.resolve("r3"), "build", "Build|registry.npmjs.org|443");
        Path now = ReportFixtures.write(tmp.resolve("new"), "build", "Restore|api.nuget.org|443",
                "Build|cdn.example|443", "Build|registry.npmjs.org|443", "Test|exfil.attacker.example|443");
        CliRun run = CliRun.of("diff", "--baseline", tmp.resolve("runs").toString(), "--baseline", extra.toString(),
                now.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).isEqualTo("runwall diff: 1 endpoint in " + now + " never seen in 3 baseline runs (job 'build'):\n"
                + "  exfil.attacker.example:443 tcp [audited] 198.18.1.1\n"
                + "    steps: Test\n"
                + "    process: curl (/usr/bin/curl) pids [103] <- bash\n");
    }

    @Test
    void nothingNewIsExitZeroAndJsonListsNothing() throws Exception {
        Path base = ReportFixtures.write(tmp.resolve("b"), "build", "S|a.example|443");
        Path now = ReportFixtures.write(tmp.resolve("n"), "build", "S|a.example|dns");
        CliRun text = CliRun.of("diff", "--baseline", base.toString(), now.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("runwall diff: nothing new");
        CliRun json = CliRun.of("diff", "--format", "json", "--baseline", base.toString(), now.toString());
        assertThat(json.out()).contains("\"runs\" : 1", "\"newEndpoints\" : [ ]");
    }

    @Test
    void aBaselineFolderWithoutReportsIsExitTwo() {
        CliRun run = CliRun.of("diff", "--baseline", tmp.toString(), tmp.resolve("x.json").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    }

    /** A report may be forged: nothing in it reaches the terminal as a control character (no escape sequences). */
    @Test
    void aForgedReportPutsNoControlCharacterOnTheTerminal() throws Exception {
        Path base = ReportFixtures.write(tmp.resolve("b"), "build", "S|a.example|443");
        String evil = "\u001b]0;owned\u0007\u009b2J";
        java.nio.file.Files.writeString(tmp.resolve("forged.json"), """
                {"schemaVersion":1,"job":{"name":"build%s"},"steps":[{"id":"s%s","name":"n%s"}],
                 "endpoints":[{"domain":"x%s.example","port":443,"protocol":"tcp%s","verdict":"audited",
                   "ips":["198.18.1.1"],"steps":["s%s"],"processes":[{"name":"p%s","exe":"/e%s","pids":[1],
                   "parents":[{"pid":2,"name":"q%s"}]}],"count":1}]}
                """.formatted(evil, evil, evil, evil, evil, evil, evil, evil, evil)
                .replace("\u001b", "\\u001b").replace("\u0007", "\\u0007").replace("\u009b", "\\u009b"));
        CliRun run = CliRun.of("diff", "--baseline", base.toString(), tmp.resolve("forged.json").toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).contains("x?]0;owned??2J.example:443 tcp?]0;owned??2J [audited]");
        assertThat(run.out().chars().filter(c -> c != '\n' && Character.getType(c) == Character.CONTROL)).isEmpty();
    }
}
