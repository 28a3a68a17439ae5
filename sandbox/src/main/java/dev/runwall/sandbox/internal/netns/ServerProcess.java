package dev.runwall.sandbox.internal.netns;

import dev.runwall.sandbox.SandboxException;
import dev.runwall.sandbox.internal.server.InternetServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The internet server as a background JVM in the internet namespace: the same java binary and class
 * path as this JVM, its output in the state directory, ready once it has written its ready file.
 */
public final class ServerProcess {
    public static final String MAIN_CLASS = InternetServer.class.getName();
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private final NamespaceCommands commands;

    public ServerProcess(NamespaceCommands commands) {
        this.commands = commands;
    }

    /** Starts the server and waits (bounded) until every port is bound; returns its pid. */
    public long start(SandboxLayout layout, Optional<Path> queryLog, Duration timeout) {
        var java = new ArrayList<String>(List.of(javaBinary(), "-XX:+UseSerialGC", "-Xms64m", "-Xmx512m",
                "-XX:+ExitOnOutOfMemoryError", "-Drunwall.sandbox=" + layout.name(),
                "-cp", System.getProperty("java.class.path"), MAIN_CLASS,
                "--zone", layout.zoneFile().toString(), "--ready-file", layout.readyFile().toString()));
        queryLog.ifPresent(q -> java.addAll(List.of("--query-log", q.toAbsolutePath().toString())));
        Process process;
        try {
            process = new ProcessBuilder(commands.inNamespace(layout.internetNamespace(), java))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.serverLog().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            Files.writeString(layout.pidFile(), process.pid() + "\n");
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Reason.STATE, "cannot start the internet server: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(layout.readyFile())) {
            if (!process.isAlive()) {
                throw new SandboxException(SandboxException.Reason.STATE, "the internet server of sandbox '"
                        + layout.name() + "' exited with code " + process.exitValue() + " before it was ready:\n"
                        + logTail(layout));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new SandboxException(SandboxException.Reason.STATE, "the internet server of sandbox '"
                        + layout.name() + "' was not ready within " + timeout.toSeconds() + " s (a very busy machine?"
                        + " raise the start timeout):\n" + logTail(layout));
            }
            sleep(20);
        }
        return process.pid();
    }

    /** The pid in the state directory, if it is still our server (pids are reused). */
    public static OptionalLong runningPid(SandboxLayout layout) {
        try {
            if (!Files.exists(layout.pidFile())) {
                return OptionalLong.empty();
            }
            long pid = Long.parseLong(Files.readString(layout.pidFile()).strip());
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            String command = Files.exists(cmdline) ? Files.readString(cmdline, StandardCharsets.UTF_8) : "";
            return command.contains(MAIN_CLASS) && command.contains(layout.readyFile().toString())
                    ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** SIGTERM, then SIGKILL after a grace period. */
    public static void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(handle -> {
            handle.destroy();
            try {
                handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        });
    }

    static String logTail(SandboxLayout layout) {
        try {
            List<String> lines = Files.readAllLines(layout.serverLog(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no server log at " + layout.serverLog() + ")";
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(SandboxException.Reason.STATE, "interrupted while starting the internet server", e);
        }
    }
}
