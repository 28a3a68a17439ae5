package dev.runwall.cli;

import dev.runwall.sandbox.ExecResult;
import dev.runwall.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the packaged runwall jar as a separate process inside a sandbox's runner namespace. */
final class RunwallProcess {
    static final Path JAR = Path.of("target", "runwall.jar").toAbsolutePath();

    private RunwallProcess() {}

    static List<String> command(String... args) {
        return command(List.of(), args);
    }

    /** The command with extra JVM options (e.g. {@code -Djava.io.tmpdir=…}) before the jar. */
    static List<String> command(List<String> jvmOptions, String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after 'package' (mvn verify)");
        }
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * JVM options that put the temporary folder of a run the test will SIGKILL (which nothing can clean up
     * after) under the test's own folder, which JUnit removes, instead of leaving it in java.io.tmpdir.
     */
    static List<String> killedRunTemp(Path testFolder) {
        return List.of("-Djava.io.tmpdir=" + testFolder);
    }

    static ExecResult run(Sandbox sandbox, String... args) {
        return sandbox.exec(Duration.ofSeconds(120), command(args));
    }
}
