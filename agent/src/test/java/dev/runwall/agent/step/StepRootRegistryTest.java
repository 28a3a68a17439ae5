package dev.runwall.agent.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.linux.procfs.ProcStat;
import dev.runwall.linux.procfs.ProcessLineage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class StepRootRegistryTest {
    private static final int RUNNER = 100;

    private static ProcessLineage chain(ProcStat... stats) {
        return new ProcessLineage(List.of(stats), java.util.Collections.nCopies(stats.length, null), List.of());
    }

    @Test
    @Timeout(30) // would hang for the hour-long registration wait if it waited
    void aChildOfTheRunnerThatIsNoStepIsInNoStepWithoutWaiting() {
        StepRootRegistry roots = new StepRootRegistry(RUNNER, Duration.ofHours(1));
        ProcessLineage helper = chain(new ProcStat(300, "nft", 'S', RUNNER, 1, 50));
        assertThat(roots.stepOf(helper)).isEmpty();
    }

    @Test
    @Timeout(30)
    void aLookupDuringAStepsStartWaitsForItsRegistration() throws Exception {
        StepRootRegistry roots = new StepRootRegistry(RUNNER, Duration.ofHours(1));
        roots.starting();
        ProcessLineage curl = chain(new ProcStat(201, "curl", 'S', 200, 1, 61), new ProcStat(200, "bash", 'S', RUNNER, 1, 60));
        CompletableFuture<Optional<String>> step = CompletableFuture.supplyAsync(() -> roots.stepOf(curl));
        roots.register("step-1", 200, 60);
        assertThat(step.get()).contains("step-1");
        assertThat(roots.stepOf(chain(new ProcStat(200, "bash", 'S', RUNNER, 1, 99)))).as("pid reused").isEmpty();
        assertThat(roots.stepOf(chain(new ProcStat(200, "bash", 'S', RUNNER, 1, -1)))).as("start time unknown")
                .contains("step-1");
    }

    @Test
    @Timeout(30)
    void aFailedStartStopsTheWaiting() throws Exception {
        StepRootRegistry roots = new StepRootRegistry(RUNNER, Duration.ofHours(1));
        roots.starting();
        CompletableFuture<Optional<String>> step = CompletableFuture.supplyAsync(
                () -> roots.stepOf(chain(new ProcStat(400, "x", 'S', RUNNER, 1, 70))));
        roots.startFailed();
        assertThat(step.get()).isEmpty();
    }
}
