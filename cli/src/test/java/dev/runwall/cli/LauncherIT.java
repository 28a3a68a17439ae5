package dev.runwall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./runwall launcher's JDK discovery, run as a real shell script (after package: the jar is fresh). */
class LauncherIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    @TempDir Path tmp;

    private record Result(int exit, String output) {}

    private Result launcher(Map<String, String> env, String... args) throws Exception {
        var cmd = new java.util.ArrayList<String>();
        cmd.add("bash");
        cmd.add(ROOT.resolve("runwall").toString());
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void withoutAJdk25ItSaysWhereItLookedAndExitsTwo() throws Exception {
        // A fake java 17 on PATH and an empty JVM folder: nothing qualifies.
        Path bin = Files.createDirectories(tmp.resolve("jdk17/bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path f = bin.resolve(tool);
            Files.writeString(f, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
            f.toFile().setExecutable(true);
        }
        Result r = launcher(Map.of("PATH", bin + ":/usr/bin:/bin", "RUNWALL_JVM_DIRS", tmp.resolve("empty").toString()),
                "--version");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("no JDK 25 found", "$JAVA_HOME", "/usr/lib/jvm", "set JAVA_HOME to a JDK 25");
    }

    @Test
    void findsAJdk25FromTheJvmFolderEvenWithJava17OnPath() throws Exception {
        Path jvms = Files.createDirectories(tmp.resolve("jvms"));
        Path home = Path.of(System.getProperty("java.home"));
        Files.createSymbolicLink(jvms.resolve("some-jdk-25"), home);
        Result r = launcher(Map.of("PATH", "/usr/bin:/bin", "RUNWALL_JVM_DIRS", jvms.toString(),
                "HOME", System.getProperty("user.home")), "--version");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("runwall ", "Java 25");
    }
}
