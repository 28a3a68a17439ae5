package dev.runwall.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bringing sandboxes up and down: side by side, after a crash, and leaving nothing behind. */
class SandboxLifecycleIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @BeforeAll
    static void privileges() {
        SandboxTestKit.requirePrivileges();
        SandboxTestKit.requirePrograms("dig", "curl");
    }

    private static Zone zoneWith(String hostName) {
        return Zone.builder()
                .host(Host.named(hostName).withIpv4("198.18.1.10").withIpv6("fd52:7761:6c6c::10").withTcp(80))
                .build();
    }

    @Test
    void twoSandboxesRunSideBySideWithTheSameAddresses() {
        try (Sandbox first = SandboxTestKit.up("lc-one", zoneWith("one.example.test"));
                Sandbox second = SandboxTestKit.up("lc-two", zoneWith("two.example.test"))) {
            assertThat(first.exec(TIMEOUT, "curl", "-sS", "--max-time", "5", "http://one.example.test/")
                    .requireSuccess().stdout()).isEqualTo("one.example.test\n");
            assertThat(second.exec(TIMEOUT, "curl", "-sS", "--max-time", "5", "http://two.example.test/")
                    .requireSuccess().stdout()).isEqualTo("two.example.test\n");
            assertThat(first.exec(TIMEOUT, "dig", "+short", "two.example.test").requireSuccess().stdout()).isBlank();
            assertThat(first.queryLog().contains("two.example.test")).isTrue();
            assertThat(second.queryLog().contains("one.example.test")).isFalse();
        }
    }

    @Test
    void downRemovesEverything() {
        Sandbox sandbox = SandboxTestKit.up("lc-down", zoneWith("a.example.test"));
        String name = sandbox.name();
        sandbox.addContainer("1");
        long pid = sandbox.serverPid().orElseThrow();

        sandbox.down();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Path.of("/run/netns", "rw-" + name + "-r")).doesNotExist();
        assertThat(Path.of("/run/netns", "rw-" + name + "-i")).doesNotExist();
        assertThat(Path.of("/run/netns", "rw-" + name + "-c1")).doesNotExist();
        assertThat(Path.of("/etc/netns", "rw-" + name + "-r")).doesNotExist();
        assertThat(Path.of("/etc/netns", "rw-" + name + "-c1")).doesNotExist();
        assertThat(Path.of("/run/runwall/sandbox", name)).doesNotExist();
        assertThat(Sandbox.list()).noneMatch(s -> s.name().equals(name));
        assertThat(Sandbox.cleanup(name)).isEmpty();
    }

    @Test
    void upAfterACrashCleansTheLeftoversAndWorks() throws Exception {
        String name = SandboxTestKit.uniqueName("lc-crash");
        Sandbox crashed = Sandbox.up(SandboxSpec.of(name, zoneWith("a.example.test")));
        long pid = crashed.serverPid().orElseThrow();
        // a runner process that outlives the crash keeps the old namespace alive unless cleanup ends it
        Process straggler = crashed.processBuilder("sleep", "600").start();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).orElseThrow().onExit().get();

        assertThat(Sandbox.list()).filteredOn(s -> s.name().equals(name)).singleElement()
                .satisfies(s -> assertThat(s.healthy()).isFalse());

        try (Sandbox again = Sandbox.up(SandboxSpec.of(name, zoneWith("b.example.test")))) {
            assertThat(straggler.isAlive()).isFalse();
            assertThat(again.exec(TIMEOUT, "curl", "-sS", "--max-time", "5", "http://b.example.test/")
                    .requireSuccess().stdout()).isEqualTo("b.example.test\n");
            assertThat(Sandbox.list()).filteredOn(s -> s.name().equals(name)).singleElement()
                    .satisfies(s -> assertThat(s.healthy()).isTrue());
        }
    }

    @Test
    void aSandboxThatIsUpIsNotReplaced() {
        try (Sandbox sandbox = SandboxTestKit.up("lc-twice", zoneWith("a.example.test"))) {
            assertThatThrownBy(() -> Sandbox.up(SandboxSpec.of(sandbox.name(), zoneWith("b.example.test"))))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("is already up")
                    .hasMessageContaining("runwall sandbox down --name " + sandbox.name());
            assertThat(sandbox.exec(TIMEOUT, "curl", "-sS", "--max-time", "5", "http://a.example.test/")
                    .requireSuccess().stdout()).isEqualTo("a.example.test\n");
        }
    }

    @Test
    void attachFindsASandboxByName() {
        try (Sandbox sandbox = SandboxTestKit.up("lc-attach", zoneWith("a.example.test"))) {
            Sandbox attached = Sandbox.attach(sandbox.name());

            assertThat(attached.zone()).isEqualTo(sandbox.zone());
            assertThat(attached.queryLog().file()).isEqualTo(sandbox.queryLog().file());
            assertThat(attached.exec(TIMEOUT, "dig", "+short", "a.example.test").requireSuccess().stdout().strip())
                    .isEqualTo("198.18.1.10");
        }
        assertThatThrownBy(() -> Sandbox.attach("lc-attach-none"))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("no sandbox named 'lc-attach-none' is up");
    }

    @Test
    void aQueryLogInAMissingDirectoryIsRefusedBeforeAnythingIsCreated(@TempDir Path dir) {
        String name = SandboxTestKit.uniqueName("lc-nolog");

        assertThatThrownBy(() -> Sandbox.up(SandboxSpec.of(name, zoneWith("a.example.test"))
                .withQueryLog(dir.resolve("missing/queries.jsonl"))))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("does not exist")
                .satisfies(e -> assertThat(((SandboxException) e).reason()).isEqualTo(SandboxException.Reason.INVALID_INPUT));
        assertThat(Path.of("/run/runwall/sandbox", name)).doesNotExist();
    }

    @Test
    void aServerThatCannotStartIsReportedWithItsOutputAndCleanedUp(@TempDir Path dir) {
        String name = SandboxTestKit.uniqueName("lc-fail");

        // a directory cannot be opened as the query log: the server exits before it is ready
        assertThatThrownBy(() -> Sandbox.up(SandboxSpec.of(name, zoneWith("a.example.test")).withQueryLog(dir)))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("exited with code 3 before it was ready")
                .hasMessageContaining("internet server: cannot open the query log");
        assertThat(Path.of("/run/runwall/sandbox", name)).doesNotExist();
        assertThat(Path.of("/run/netns", "rw-" + name + "-i")).doesNotExist();
    }
}
