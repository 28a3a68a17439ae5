package dev.runwall.linux.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.ProcessInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against a procfs tree built in a temporary folder. */
class ProcessDescriberTest {
    @TempDir Path root;

    private void process(int pid, String comm, int ppid, long start, String exe, String... args) throws IOException {
        Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S " + ppid
                + " 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 " + start + " 0 0 0");
        Files.write(dir.resolve("cmdline"), (String.join("\0", args) + "\0").getBytes());
        Files.createSymbolicLink(dir.resolve("exe"), Path.of(exe));
        Files.createDirectories(dir.resolve("fd"));
    }

    @Test
    void describesTheChainNearestFirstAndRedactsTheCommandLine() throws IOException {
        process(1, "init", 0, 1, "/sbin/init", "/sbin/init");
        process(100, "java", 1, 50, "/usr/bin/java", "java", "-jar", "runwall.jar");
        process(200, "bash", 100, 60, "/usr/bin/bash", "bash", "-e", "step.sh");
        process(300, "curl", 200, 70, "/usr/bin/curl", "curl", "-H", "Authorization: token abc", "https://x.test");
        ProcessLineage lineage = new ProcessDescriber(new ProcFs(root)).describe(300).orElseThrow();
        assertThat(lineage.descendsFrom(200, 60)).isTrue();
        assertThat(lineage.descendsFrom(200, 61)).as("same pid, other start time: a reused pid").isFalse();
        ProcessInfo info = lineage.toProcessInfo();
        assertThat(info.pid()).isEqualTo(300);
        assertThat(info.ppid()).isEqualTo(200);
        assertThat(info.exe()).isEqualTo("/usr/bin/curl");
        assertThat(info.cmdline()).containsExactly("curl", "-H", "Authorization: ***", "https://x.test");
        assertThat(info.parents()).extracting(p -> p.pid() + ":" + p.name() + ":" + p.exe())
                .containsExactly("200:bash:/usr/bin/bash", "100:java:/usr/bin/java", "1:init:/sbin/init");
    }

    @Test
    void vanishedProcessIsEmpty() {
        assertThat(new ProcessDescriber(new ProcFs(root)).describe(4242)).isEmpty();
    }

    @Test
    void socketOwnerIsFoundThroughInodeAndFdLinks() throws IOException {
        process(500, "dig", 1, 9, "/usr/bin/dig", "dig");
        process(600, "other", 1, 9, "/usr/bin/other", "other");
        Files.createSymbolicLink(root.resolve("500/fd/3"), Path.of("socket:[21958]"));
        Files.createSymbolicLink(root.resolve("600/fd/3"), Path.of("socket:[1]"));
        Files.createDirectories(root.resolve("net"));
        Files.writeString(root.resolve("net/udp"), SocketEntryTest.resource("udp.txt"));
        Files.writeString(root.resolve("net/udp6"), SocketEntryTest.resource("udp6.txt"));
        SocketOwnerFinder finder = new SocketOwnerFinder(new ProcFs(root));
        InetSocketAddress client = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 56712);
        assertThat(finder.ownerOf(SocketOwnerFinder.Transport.UDP, client)).contains(500);
        assertThat(finder.ownerOf(SocketOwnerFinder.Transport.UDP,
                new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 1))).isEmpty();
        assertThat(finder.ownerOf(SocketOwnerFinder.Transport.TCP, client)).isEmpty();
        assertThat(new ProcFs(root).pidsDescending()).isEqualTo(List.of(600, 500));
    }
}
