package dev.runwall.agent.process;

import dev.runwall.linux.procfs.ProcFs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A procfs tree on disk for unit tests: processes appear and disappear as a test says. */
public final class FakeProc {
    private final Path root;

    public FakeProc(Path root) {
        this.root = root;
    }

    public ProcFs procFs() {
        return new ProcFs(root);
    }

    public Path root() {
        return root;
    }

    /** Adds (or replaces) a running process. */
    public FakeProc process(int pid, int ppid, String comm, long startTime, int session, String exe, String cgroup,
            Map<String, String> environ, String... argv) {
        try {
            Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)));
            StringBuilder stat = new StringBuilder(pid + " (" + comm + ") S " + ppid + " " + pid + " " + session);
            for (int field = 7; field <= 21; field++) {
                stat.append(" 0");
            }
            stat.append(' ').append(startTime).append(" 0 0 0\n");
            Files.writeString(dir.resolve("stat"), stat);
            Files.writeString(dir.resolve("cmdline"), String.join("\0", argv) + "\0");
            Files.writeString(dir.resolve("cgroup"), "0::" + cgroup + "\n");
            Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nUid:\t1001\t1001\t1001\t1001\n");
            StringBuilder env = new StringBuilder();
            environ.forEach((k, v) -> env.append(k).append('=').append(v).append('\0'));
            Files.writeString(dir.resolve("environ"), env, StandardCharsets.UTF_8);
            Files.deleteIfExists(dir.resolve("exe"));
            Files.createSymbolicLink(dir.resolve("exe"), Path.of(exe));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FakeProc process(int pid, int ppid, String comm, long startTime) {
        return process(pid, ppid, comm, startTime, 1, "/usr/bin/" + comm, "/", Map.of(), comm);
    }

    /** The process exits (and is reaped): its directory goes. */
    public FakeProc gone(int pid) {
        try (Stream<Path> files = Files.walk(root.resolve(Integer.toString(pid)))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
