package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.sandbox.LoggedQuery;
import dev.runwall.sandbox.QueryLog;
import dev.runwall.sandbox.Sandbox;
import dev.runwall.sandbox.SandboxTestKit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runwall sandbox up|exec|list|down} end to end, in process, as root. */
class SandboxCommandIT {
    private static final String ZONE = """
            hosts:
              - name: api.example.test
                ipv4: 198.18.1.10
                ipv6: fd52:7761:6c6c::10
                tcp: [80]
            cnames:
              - name: www.example.test
                target: api.example.test
            """;

    @TempDir
    Path dir;
    private final String name = SandboxTestKit.uniqueName("cli");

    @BeforeAll
    static void privileges() {
        SandboxTestKit.requirePrivileges();
    }

    @AfterEach
    void removeLeftovers() {
        Sandbox.cleanup(name);
    }

    private String up() throws Exception {
        Path zone = dir.resolve("zone.yml");
        Files.writeString(zone, ZONE);
        CliRun up = CliRun.of("sandbox", "up", "--name", name, "--zone", zone.toString(),
                "--query-log", dir.resolve("queries.jsonl").toString());
        assertThat(up.exitCode()).as(up.err()).isZero();
        return up.out();
    }

    @Test
    void upExecListDown() throws Exception {
        assertThat(up()).contains("sandbox '" + name + "' is up", "rw-" + name + "-r", "198.18.0.53");

        Path out = dir.resolve("out.txt");
        int curl = Main.execute("sandbox", "exec", "--name", name, "--",
                "sh", "-c", "curl -sS --max-time 5 http://www.example.test/ > " + out + "; pwd >> " + out);
        assertThat(curl).isZero();
        assertThat(Files.readString(out)).isEqualTo("api.example.test\n" + System.getProperty("user.dir") + "\n");

        assertThat(Main.execute("sandbox", "exec", "--name", name, "sh", "-c", "exit 7")).isEqualTo(7);
        Path dig = dir.resolve("dig.txt");
        assertThat(Main.execute("sandbox", "exec", "--name", name,
                "sh", "-c", "dig +short -t AAAA api.example.test > " + dig)).isZero();
        assertThat(Files.readString(dig)).isEqualTo("fd52:7761:6c6c::10\n");

        assertThat(new QueryLog(dir.resolve("queries.jsonl")).entries())
                .extracting(LoggedQuery::name).contains("www.example.test", "api.example.test");

        CliRun list = CliRun.of("sandbox", "list");
        assertThat(list.out()).containsPattern(name + "\\s+up\\s+[0-9]+");

        CliRun down = CliRun.of("sandbox", "down", "--name", name);
        assertThat(down.exitCode()).isZero();
        assertThat(down.out()).contains("sandbox '" + name + "' removed", "network namespace rw-" + name + "-r");
        assertThat(Path.of("/run/netns", "rw-" + name + "-r")).doesNotExist();
        assertThat(dir.resolve("queries.jsonl")).exists();
    }

    @Test
    void aSecondUpWithTheSameNameIsRefused() throws Exception {
        up();

        CliRun again = CliRun.of("sandbox", "up", "--name", name, "--zone", dir.resolve("zone.yml").toString());

        assertThat(again.exitCode()).isEqualTo(ExitCodes.STATE);
        assertThat(again.err()).contains("is already up", "runwall sandbox down --name " + name);
    }

    @Test
    void downCleansUpACrashedSandbox() throws Exception {
        up();
        long pid = Sandbox.attach(name).serverPid().orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).orElseThrow().onExit().get();
        assertThat(CliRun.of("sandbox", "list").out()).containsPattern(name + "\\s+crashed");

        CliRun down = CliRun.of("sandbox", "down", "--name", name);

        assertThat(down.exitCode()).isZero();
        assertThat(down.out()).contains("network namespace rw-" + name + "-i").doesNotContain("internet server");
        assertThat(CliRun.of("sandbox", "down", "--name", name).out()).contains("nothing of sandbox '" + name + "' was left");
    }

    @Test
    void execInASandboxThatIsNotUpIsAStateError() {
        CliRun run = CliRun.of("sandbox", "exec", "--name", name, "--", "true");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.STATE);
        assertThat(run.err()).contains("no sandbox named '" + name + "' is up", "runwall sandbox up --name " + name);
    }
}
