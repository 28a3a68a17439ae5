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
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after 'package' (mvn verify)");
        }
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static ExecResult run(Sandbox sandbox, String... args) {
        return sandbox.exec(Duration.ofSeconds(120), command(args));
    }
}
