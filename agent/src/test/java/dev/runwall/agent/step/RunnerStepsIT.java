package dev.runwall.agent.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.attribution.ProcessAttribution;
import dev.runwall.agent.audit.Sightings;
import dev.runwall.agent.audit.SyscallSighting;
import dev.runwall.agent.process.ProcessViews;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.event.StepEvent;
import dev.runwall.linux.procfs.ProcFs;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process layout of a GitHub Actions runner, reproduced: a worker process named {@code Runner.Worker}
 * (a copy of bash, so its comm and executable name are the worker's) starts every step as its direct child
 * with the step's identity in the environment: a {@code run:} step (bash running a script), a JavaScript
 * action step (node running the action's entry point, which starts a nested process) and the two sub-steps
 * of a composite action (which the runner gives the composite step's GITHUB_ACTION). The worker runs in a
 * network namespace without routes: connects are audited and fail; no packet is sent.
 */
class RunnerStepsIT {
    @TempDir Path tmp;

    private static Predicate<SyscallSighting> to(String ip, int port) {
        InetAddress a = InetAddress.ofLiteral(ip);
        return s -> s.destination().getAddress().equals(a) && s.destination().getPort() == port;
    }

    @Test
    void aSimulatedWorkerWithARunStepAJavaScriptStepAndACompositeGetsTheRightStepIdentities() throws Exception {
        RunStepsIT.requireRoot();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path worker = Files.copy(Path.of("/usr/bin/bash"), bin.resolve("Runner.Worker"), StandardCopyOption.COPY_ATTRIBUTES);
        Path action = Files.createDirectories(tmp.resolve("_actions/actions/setup-node/v4/dist"));
        Files.writeString(action.resolve("index.js"), """
                const net = require('net');
                const { spawnSync } = require('child_process');
                const s = net.connect(443, '198.18.30.2');
                s.on('error', () => {
                  spawnSync('bash', ['-c', 'exec 3<>/dev/tcp/198.18.30.3/8443 2>/dev/null || true']);
                });
                """);
        Path runScript = tmp.resolve("run-step.sh");
        // like `run: curl …; make`: the step's bash runs commands as its children, for a while
        Files.writeString(runScript, "bash -c 'exec 3<>/dev/tcp/198.18.30.1/80' 2>/dev/null || true\nsleep 0.3\n");
        Path workerScript = tmp.resolve("worker.sh");
        Files.writeString(workerScript, """
                export GITHUB_ACTIONS=true
                GITHUB_ACTION=__run bash -e %1$s
                GITHUB_ACTION=__actions_setup-node GITHUB_ACTION_REPOSITORY=actions/setup-node GITHUB_ACTION_REF=v4 \\
                    node %2$s
                GITHUB_ACTION=__acme_lint GITHUB_ACTION_REPOSITORY=acme/lint GITHUB_ACTION_REF=v1 \\
                    bash -c 'bash -c "exec 3<>/dev/tcp/198.18.30.4/1 2>/dev/null" || true; sleep 0.3'
                GITHUB_ACTION=__acme_lint bash -c 'bash -c "exec 3<>/dev/tcp/198.18.30.5/2 2>/dev/null" || true; sleep 0.3'
                exec 3<>/dev/tcp/198.18.30.6/3 2>/dev/null || true
                """.formatted(runScript, action.resolve("index.js")));

        Sightings sightings = new Sightings();
        List<StepEvent> steps = new CopyOnWriteArrayList<>();
        try (ProcessAttribution processes = ProcessAttribution.start(ProcFs.system())) {
            assertThat(processes.auditActive()).as(processes.warning().orElse("")).isTrue();
            try (RunnerSteps runner = new RunnerSteps(processes.table(), ProcFs.system(), RunnerSteps.WORKER_NAMES,
                    steps::add, Clock.systemUTC())) {
            processes.table().addListener(runner);
            processes.onSyscall(sightings);
            Process p = new ProcessBuilder("unshare", "-n", worker.toString(), workerScript.toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
            System.out.println("worker exited " + p.exitValue() + ": " + output);
            System.out.println("audit counters " + processes.counters());

            SyscallSighting run = sightings.await(to("198.18.30.1", 80), Duration.ofSeconds(10));
            SyscallSighting node = sightings.await(to("198.18.30.2", 443), Duration.ofSeconds(10));
            SyscallSighting nested = sightings.await(to("198.18.30.3", 8443), Duration.ofSeconds(10));
            SyscallSighting composite1 = sightings.await(to("198.18.30.4", 1), Duration.ofSeconds(10));
            SyscallSighting composite2 = sightings.await(to("198.18.30.5", 2), Duration.ofSeconds(10));
            SyscallSighting workerItself = sightings.await(to("198.18.30.6", 3), Duration.ofSeconds(10));

            assertThat(runner.identityOf(run.node())).hasValue(new RunnerStepIdentity("__run", "", ""));
            assertThat(runner.identityOf(node.node()))
                    .hasValue(new RunnerStepIdentity("__actions_setup-node", "actions/setup-node", "v4"));
            assertThat(node.image().exe()).endsWith("/node");
            assertThat(runner.stepOf(nested.node())).contains("__actions_setup-node");
            ProcessInfo nestedInfo = ProcessViews.info(nested.node(), processes.table().hashes());
            assertThat(nestedInfo.parents()).extracting(r -> r.name()).startsWith("node", "Runner.Worker");
            assertThat(runner.stepOf(composite1.node())).contains("__acme_lint");
            assertThat(runner.stepOf(composite2.node())).as("a composite's sub-steps are its step").contains("__acme_lint");
            assertThat(runner.stepOf(workerItself.node())).as("the worker itself is in no step").isEmpty();

            assertThat(steps).filteredOn(e -> e.phase() == StepEvent.Phase.STARTED)
                    .extracting(StepEvent::step, StepEvent::name).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("__run", "__run"),
                            org.assertj.core.groups.Tuple.tuple("__actions_setup-node", "actions/setup-node@v4"),
                            org.assertj.core.groups.Tuple.tuple("__acme_lint", "acme/lint@v1"));
            awaitEnded(steps, "__acme_lint", 2);
            assertThat(steps).filteredOn(e -> e.phase() == StepEvent.Phase.ENDED).extracting(StepEvent::step)
                    .contains("__run", "__actions_setup-node");
            }
        }
    }

    private static void awaitEnded(List<StepEvent> steps, String id, int times) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (steps.stream().filter(e -> e.step().equals(id) && e.phase() == StepEvent.Phase.ENDED).count() < times) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("step " + id + " did not end " + times + " times: " + steps);
            }
            Thread.sleep(20);
        }
    }
}
