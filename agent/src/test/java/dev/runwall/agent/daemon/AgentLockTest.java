package dev.runwall.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLockTest {
    @TempDir Path state;

    @Test
    void freeWithoutAHolderAndFreeAgainAfterClose() throws Exception {
        assertThat(AgentLock.isHeld(state)).isFalse();
        Optional<AgentLock> lock = AgentLock.tryAcquire(state, Duration.ZERO);
        assertThat(lock).isPresent();
        lock.get().close();
        assertThat(AgentLock.isHeld(state)).isFalse();
        assertThat(state.resolve(AgentLock.FILE)).exists();
    }

    /** POSIX locks are per process; another process holding it is tested by FailModeIT and BypassSuite. */
    @Test
    void aSecondAcquireInTheSameProcessGivesUpAfterTheWait() throws Exception {
        try (AgentLock held = AgentLock.tryAcquire(state, Duration.ZERO).orElseThrow()) {
            assertThat(held).isNotNull();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentLock.tryAcquire(state, Duration.ofMillis(50)))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("already held by this process");
        }
    }
}
