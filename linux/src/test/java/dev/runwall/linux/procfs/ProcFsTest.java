package dev.runwall.linux.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads of present and vanished processes, against a procfs tree built in a temporary folder and the real one. */
class ProcFsTest {
    @TempDir Path root;

    @Test
    void readsAProcessThatIsThereAndNothingOfOneThatIsGone() throws IOException {
        Path dir = Files.createDirectories(root.resolve("42"));
        Files.writeString(dir.resolve("stat"), "42 (curl) S 7 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0 0");
        Files.write(dir.resolve("cmdline"), "curl\0https://x.test\0".getBytes());
        Files.createSymbolicLink(dir.resolve("exe"), Path.of("/nowhere/curl")); // a target need not exist
        Files.writeString(dir.resolve("cgroup"), "0::/job\n");
        ProcFs proc = new ProcFs(root);

        assertThat(proc.stat(42)).hasValueSatisfying(s -> assertThat(s.startTime()).isEqualTo(99));
        assertThat(proc.exe(42)).contains("/nowhere/curl");
        assertThat(proc.cmdline(42)).containsExactly("curl", "https://x.test");
        assertThat(proc.read("42/cgroup")).contains("0::/job\n");
        assertThat(proc.read("42/status")).as("a file the process does not have").isEmpty();

        assertThat(proc.stat(43)).as("a pid procfs does not show").isEmpty();
        assertThat(proc.exe(43)).isEmpty();
        assertThat(proc.cmdline(43)).isEmpty();
        assertThat(proc.read("43/cgroup")).isEmpty();
    }

    @Test
    void aProcessThatExitedAndWasReapedReadsAsGone() throws Exception {
        Process p = new ProcessBuilder("true").start();
        int pid = (int) p.pid();
        p.waitFor();
        ProcFs proc = ProcFs.system();
        assertThat(proc.stat(pid)).isEmpty();
        assertThat(proc.exe(pid)).isEmpty();
        assertThat(proc.cmdline(pid)).isEmpty();
        assertThat(proc.read(pid + "/cgroup")).isEmpty();
        assertThat(proc.stat((int) ProcessHandle.current().pid())).as("this process").isPresent();
    }
}
