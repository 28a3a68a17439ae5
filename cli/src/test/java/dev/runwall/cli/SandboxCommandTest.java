package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.sandbox.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox commands' help and input errors (no root needed: nothing is created). */
class SandboxCommandTest {

    @Test
    void helpListsTheSubcommandsAndExitCodes() {
        CliRun run = CliRun.of("sandbox", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("up ", "exec ", "down ", "list ", "zone-example", "Exit codes:", "docs/sandbox.md");
    }

    @Test
    void aSubcommandIsRequired() {
        CliRun run = CliRun.of("sandbox");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("Missing subcommand");
    }

    @Test
    void theZoneExampleIsAValidZone() throws Exception {
        CliRun run = CliRun.of("sandbox", "zone-example");

        assertThat(run.exitCode()).isZero();
        assertThat(Zone.parse(run.out(), "example")).isEqualTo(Zone.example());
    }

    @Test
    void aBadZoneIsInvalidInputWithFileAndLine(@TempDir Path dir) throws Exception {
        Path zone = dir.resolve("zone.yml");
        Files.writeString(zone, "hosts:\n  - name: a.test\n    ipv4: 10.0.0.1\n");

        CliRun run = CliRun.of("sandbox", "up", "--name", "t", "--zone", zone.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains(zone + ":3: '10.0.0.1' is outside the sandbox range 198.18.0.0/15");
    }

    @Test
    void aMissingZoneFileIsInvalidInput(@TempDir Path dir) {
        CliRun run = CliRun.of("sandbox", "up", "--name", "t", "--zone", dir.resolve("none.yml").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("none.yml: cannot read the zone file");
    }

    @Test
    void aBadNameIsInvalidInput(@TempDir Path dir) throws Exception {
        Path zone = dir.resolve("zone.yml");
        Files.writeString(zone, Zone.exampleText());

        CliRun run = CliRun.of("sandbox", "up", "--name", "Not_Valid", "--zone", zone.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("invalid sandbox name 'Not_Valid'");
    }

    @Test
    void execNeedsACommand() {
        CliRun run = CliRun.of("sandbox", "exec", "--name", "t");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("COMMAND");
    }
}
