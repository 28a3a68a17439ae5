package dev.runwall.linux.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace made with {@code ip netns add} for one test, removed on close. Names are
 * {@code rwl-PID-RANDOM} so parallel runs do not collide; namespaces left by a crashed run (whose
 * pid is gone) are removed when the next one is created.
 */
public final class TestNamespace implements AutoCloseable {
    private static final String PREFIX = "rwl-";
    private final String name;

    private TestNamespace(String name) {
        this.name = name;
    }

    public static TestNamespace create() {
        Privileges.requireRoot();
        removeLeftovers();
        String name = PREFIX + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        Commands.run("ip", "netns", "add", name);
        TestNamespace namespace = new TestNamespace(name);
        namespace.exec("ip", "link", "set", "lo", "up");
        return namespace;
    }

    public String name() {
        return name;
    }

    public Path path() {
        return Path.of("/run/netns", name);
    }

    /** Runs a command inside the namespace; fails the test if it fails. */
    public String exec(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return Commands.run(full.toArray(String[]::new));
    }

    @Override
    public void close() {
        Commands.runAllowingFailure(java.time.Duration.ofSeconds(30), List.of("ip", "netns", "del", name));
    }

    private static void removeLeftovers() {
        Path dir = Path.of("/run/netns");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String n = file.getFileName().toString();
                if (!n.startsWith(PREFIX)) {
                    continue;
                }
                String[] parts = n.split("-");
                if (parts.length == 3 && parts[1].matches("\\d+")
                        && ProcessHandle.of(Long.parseLong(parts[1])).isEmpty()) {
                    Commands.runAllowingFailure(java.time.Duration.ofSeconds(30), List.of("ip", "netns", "del", n));
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot list /run/netns: " + e.getMessage(), e);
        }
    }
}
