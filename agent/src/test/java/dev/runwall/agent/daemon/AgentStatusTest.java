package dev.runwall.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStatusTest {
    @TempDir Path state;

    private static AgentStatus running() {
        return new AgentStatus(AgentStatus.RUNNING, 4242, "block", Instant.parse("2026-01-02T03:04:05.123456789Z"),
                Instant.parse("2026-01-02T03:04:05.5Z"), "runwall", 21079, "/tmp/out/events.jsonl", "/tmp/out", "build",
                0, null);
    }

    @Test
    void roundTripsThroughTheStateDirectory() throws Exception {
        running().write(state);
        assertThat(AgentStatus.read(state)).contains(running());
        assertThat(Files.list(state).map(p -> p.getFileName().toString())).containsExactly(AgentStatus.FILE);
    }

    @Test
    void noFileIsNoAgentAndADamagedFileSaysWhatToDo() throws Exception {
        assertThat(AgentStatus.read(state)).isEmpty();
        Files.writeString(state.resolve(AgentStatus.FILE), "{\"state\": ");
        assertThatThrownBy(() -> AgentStatus.read(state)).isInstanceOf(IOException.class)
                .hasMessageContaining(state.resolve(AgentStatus.FILE) + " is damaged").hasMessageContaining("nft list tables")
                .hasMessageNotContaining("Source");
    }

    @Test
    void onlyACleanStopCountsAsEndedCleanly() {
        assertThat(running().with(AgentStatus.STOPPED, null).endedCleanly()).isTrue();
        assertThat(running().endedCleanly()).isFalse();
        assertThat(running().with(AgentStatus.DIED, "killed").endedCleanly()).isFalse();
        assertThat(running().supervisedBy(77).supervisorPid()).isEqualTo(77);
    }
}
