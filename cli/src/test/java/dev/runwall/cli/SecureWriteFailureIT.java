package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secure --write} on a file it cannot write exits 3 (unexpected state), names the file and says what
 * to check, and leaves the file as it was. Root may write anywhere a permission bit forbids, so the folder is
 * made read-only the way root cannot get around: a read-only bind mount, in a mount namespace of the runwall
 * process's own (the host's mounts are not touched).
 */
class SecureWriteFailureIT {
    @TempDir Path repo;

    @Test
    void aFileThatCannotBeWrittenExitsThreeNamesItAndStaysAsItWas() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("needs root (a mount namespace with a read-only bind mount); run the suite as root");
        }
        Path workflows = Files.createDirectories(repo.resolve(".github/workflows"));
        Path workflow = workflows.resolve("ci.yml");
        Files.writeString(workflow, SecureCommandTest.WORKFLOW);
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && shift && exec \"$@\"", "sh",
                workflows.toString()));
        cmd.addAll(RunwallProcess.command("secure", "--write", "--refs",
                SecureCommandTest.REFS.toAbsolutePath().toString(), workflow.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(output).isEqualTo(ExitCodes.STATE);
        assertThat(output).contains("cannot write " + workflow).contains("check that the file and its folder are writable");
        assertThat(Files.readString(workflow)).isEqualTo(SecureCommandTest.WORKFLOW);
        try (var left = Files.list(workflows)) {
            assertThat(left.map(f -> f.getFileName().toString())).as("no temporary file left").containsExactly("ci.yml");
        }
    }
}
