package dev.runwall.sandbox;

import dev.runwall.sandbox.internal.netns.SandboxLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Sandbox#up} builds: a name (1-24 of {@code [a-z0-9-]}, unique per running sandbox), a zone,
 * optionally a query log, and how long the internet server may take to start.
 */
public record SandboxSpec(String name, Zone zone, Optional<Path> queryLog, Duration startTimeout) {
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    /** @throws SandboxException (invalid input) for a bad name */
    public SandboxSpec {
        SandboxLayout.checkName(name);
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(queryLog, "queryLog");
        Objects.requireNonNull(startTimeout, "startTimeout");
    }

    public static SandboxSpec of(String name, Zone zone) {
        return new SandboxSpec(name, zone, Optional.empty(), DEFAULT_START_TIMEOUT);
    }

    /** Log every query the internet's DNS receives to this file (appended, JSON lines). */
    public SandboxSpec withQueryLog(Path file) {
        return new SandboxSpec(name, zone, Optional.of(file.toAbsolutePath()), startTimeout);
    }

    /** Log every query to {@code queries.jsonl} in the sandbox's state directory (removed by {@code down}). */
    public SandboxSpec withQueryLog() {
        return withQueryLog(SandboxLayout.of(name).defaultQueryLog());
    }

    public SandboxSpec withStartTimeout(Duration timeout) {
        return new SandboxSpec(name, zone, queryLog, timeout);
    }
}
