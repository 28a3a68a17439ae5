package dev.runwall.agent.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.process.ExecutableHashes;
import dev.runwall.agent.process.FakeProc;
import dev.runwall.agent.process.ProcessNode;
import dev.runwall.agent.process.ProcessSighting;
import dev.runwall.agent.process.ProcessTable;
import dev.runwall.core.event.StepEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step identities on a runner, from a recorded procfs layout (no processes are started). */
class RunnerStepsTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    @TempDir Path tmp;

    @Test
    void stepsComeFromTheWorkersChildrenAndTheirEventsFromTheirStartAndExit() {
        FakeProc proc = new FakeProc(tmp).process(1, 0, "init", 1)
                .process(10, 1, "Runner.Worker", 2, 10, "/opt/runner/bin/Runner.Worker", "/", Map.of(), "Runner.Worker")
                .process(20, 10, "node", 3, 20, "/opt/node/bin/node", "/",
                        Map.of("GITHUB_ACTION", "__actions_checkout", "GITHUB_ACTION_REPOSITORY", "actions/checkout",
                                "GITHUB_ACTION_REF", "v4"), "node", "dist/index.js")
                .process(30, 10, "bash", 4, 30, "/usr/bin/bash", "/", Map.of("GITHUB_ACTION", "__run"), "bash", "-e", "s.sh");
        ProcessTable table = new ProcessTable(proc.procFs(),
                new ExecutableHashes(tmp, Executors.newVirtualThreadPerTaskExecutor()), Duration.ofSeconds(30));
        table.seed();
        List<StepEvent> events = new ArrayList<>();
        try (RunnerSteps steps = new RunnerSteps(table, proc.procFs(), RunnerSteps.WORKER_NAMES, events::add,
                Clock.fixed(T, ZoneOffset.UTC))) {
            table.addListener(steps);
            ProcessNode checkout = table.exec(new ProcessSighting(T, 20, 10, 0, -1, "node", "/opt/node/bin/node",
                    List.of("node", "dist/index.js")));
            ProcessNode git = table.exec(new ProcessSighting(T, 21, 20, 0, -1, "git", "/usr/bin/git", List.of("git", "fetch")));
            ProcessNode run = table.exec(new ProcessSighting(T, 30, 10, 0, -1, "bash", "/usr/bin/bash", List.of("bash")));
            ProcessNode daemon = table.exec(new ProcessSighting(T, 31, 1, 0, -1, "sleep", "/usr/bin/sleep", List.of("sleep")));
            assertThat(steps.stepOf(git)).contains("__actions_checkout");
            assertThat(steps.identityOf(git).orElseThrow().displayName()).isEqualTo("actions/checkout@v4");
            assertThat(steps.stepOf(run)).contains("__run");
            assertThat(steps.stepOf(daemon)).as("no chain to the worker, no session of a step").isEmpty();
            assertThat(steps.stepOf(table.current(10).orElseThrow())).as("the worker itself").isEmpty();
            table.exit(20, 0, T);
            table.exit(30, 2, T);
            assertThat(steps.stepOf(git)).as("after its step process exited").contains("__actions_checkout");
        }
        assertThat(events).extracting(e -> e.step() + " " + e.phase().label() + " " + e.name() + " " + e.exitCode())
                .containsExactly("__actions_checkout started actions/checkout@v4 null", "__run started __run null",
                        "__actions_checkout ended actions/checkout@v4 0", "__run ended __run 2");
    }

    @Test
    void aProcessWhoseParentsAreLostIsAttributedByTheSessionOfAStepThatLeadsIt() {
        FakeProc proc = new FakeProc(tmp).process(1, 0, "init", 1)
                .process(10, 1, "Runner.Worker", 2, 10, "/opt/runner/bin/Runner.Worker", "/", Map.of(), "Runner.Worker")
                .process(30, 10, "bash", 4, 30, "/usr/bin/bash", "/", Map.of("GITHUB_ACTION", "__run"), "bash", "-e", "s.sh")
                // left behind by the step (nohup ... &): reparented to init, still in the step's session
                .process(32, 1, "sleep", 5, 30, "/usr/bin/sleep", "/", Map.of(), "sleep", "600")
                // started by some other session leader: not the step's
                .process(40, 1, "sshd", 6, 40, "/usr/sbin/sshd", "/", Map.of(), "sshd")
                .process(41, 1, "curl", 7, 40, "/usr/bin/curl", "/", Map.of(), "curl");
        ProcessTable table = new ProcessTable(proc.procFs(),
                new ExecutableHashes(tmp, Executors.newVirtualThreadPerTaskExecutor()), Duration.ofSeconds(30));
        table.seed();
        try (RunnerSteps steps = new RunnerSteps(table, proc.procFs(), RunnerSteps.WORKER_NAMES, e -> {},
                Clock.fixed(T, ZoneOffset.UTC))) {
            table.addListener(steps);
            table.exec(new ProcessSighting(T, 30, 10, 0, -1, "bash", "/usr/bin/bash", List.of("bash")));
            ProcessNode daemon = table.exec(new ProcessSighting(T, 32, 1, 0, -1, "sleep", "/usr/bin/sleep",
                    List.of("sleep", "600")));
            ProcessNode other = table.exec(new ProcessSighting(T, 41, 1, 0, -1, "curl", "/usr/bin/curl", List.of("curl")));
            assertThat(steps.stepOf(daemon)).as("by the session its step leads").contains("__run");
            assertThat(steps.stepOf(other)).as("another session: unattributed, never guessed").isEmpty();
        }
    }
}
