package dev.runwall.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads a fixture's options and refs, and writes findings in the fixtures' one-line format. */
final class FixtureSupport {
    static final Path REFS = FixturePairsTest.ROOT.resolve("refs.json");

    private FixtureSupport() {}

    static WorkflowHardener hardener(Path dir) throws IOException, InvalidRefsFileException {
        return new WorkflowHardener(options(dir), OfflineRefs.load(REFS));
    }

    static SecureOptions options(Path dir) throws IOException {
        boolean pin = true;
        boolean permissions = true;
        boolean agent = true;
        boolean explain = false;
        AgentRef agentRef = AgentRef.DEFAULT;
        Path file = dir.resolve("options");
        if (Files.exists(file)) {
            for (String flag : Files.readString(file).trim().split("\\s+")) {
                switch (flag) {
                    case "--no-pin" -> pin = false;
                    case "--no-permissions" -> permissions = false;
                    case "--no-agent" -> agent = false;
                    case "--explain" -> explain = true;
                    case "" -> { }
                    default -> {
                        if (flag.startsWith("--agent-ref=")) {
                            agentRef = AgentRef.parse(flag.substring("--agent-ref=".length()));
                        } else {
                            throw new IllegalArgumentException("unknown fixture option " + flag);
                        }
                    }
                }
            }
        }
        return new SecureOptions(pin, permissions, agent, agentRef, explain);
    }

    static String describe(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.line() + " " + f.rule().id() + " " + (f.fixed() ? "fixed" : "open"))
                .sorted()
                .collect(Collectors.joining("\n", "", findings.isEmpty() ? "" : "\n"));
    }
}
