package dev.runwall.sandbox.internal.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxStateTest {

    @Test
    void writesAndReadsBack(@TempDir Path dir) {
        var state = new SandboxState(Instant.parse("2025-01-02T03:04:05Z"), Optional.of(Path.of("/tmp/q.jsonl")), Map.of())
                .withContainer("web", 1).withContainer("db", 2);
        Path file = dir.resolve("sandbox.properties");

        state.write(file);

        assertThat(SandboxState.read(file)).contains(state);
        assertThat(SandboxState.read(dir.resolve("none"))).isEmpty();
    }

    @Test
    void reusesTheLowestFreeContainerNumber() {
        var state = new SandboxState(Instant.EPOCH, Optional.empty(), Map.of("a", 1, "b", 2, "c", 3));

        assertThat(state.withoutContainer("b").nextContainerNumber()).isEqualTo(2);
        assertThat(state.nextContainerNumber()).isEqualTo(4);
    }
}
