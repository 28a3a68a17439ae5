package dev.runwall.agent.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.audit.Sightings;
import dev.runwall.agent.audit.SyscallSighting;
import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.process.ProcessTable;
import dev.runwall.agent.process.ProcessViews;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.linux.procfs.ProcessDescriber;
import dev.runwall.linux.procfs.ProcessLineage;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps under {@code runwall run} against the real kernel: the job runs in a network namespace without
 * routes ({@code unshare -n}), so every connect is audited and fails at once; no packet is sent.
 */
class RunStepsIT {
    @TempDir Path tmp;

    private static Predicate<SyscallSighting> to(String ip, int port) {
        InetAddress a = InetAddress.ofLiteral(ip);
        return s -> s.destination().getAddress().equals(a) && s.destination().getPort() == port;
    }

    @Test
    void aProcessTreeOfDepthTenResolvesToItsStepAndShowsItsParentChain() throws Exception {
        requireRoot();
        Path script = tmp.resolve("depth.sh");
        Files.writeString(script, """
                if [ "$1" -gt 0 ]; then bash "$0" $(( $1 - 1 )); exit $?; fi
                exec 3<>/dev/tcp/198.18.10.10/10 || true
                """);
        Sightings sightings = new Sightings();
        try (RunAttribution attribution = RunAttribution.start(ProcFs.system(), Duration.ofSeconds(2));
                EventLog log = EventLog.open(tmp.resolve("events.jsonl"))) {
            attribution.processes().onSyscall(sightings);
            attribution.jobRunner(log, tmp, tmp, Clock.systemUTC()).run(List.of(
                    StepSpec.command("warm-up", List.of("true")),
                    StepSpec.command("deep", List.of("unshare", "-n", "bash", script.toString(), "10"))));
            SyscallSighting s = sightings.await(to("198.18.10.10", 10), Duration.ofSeconds(10));
            assertThat(attribution.steps().stepOf(s.node())).contains("step-2");
            ProcessInfo info = ProcessViews.info(s.node(), attribution.processes().table().hashes());
            assertThat(info.exe()).isEqualTo("/usr/bin/bash");
            // the leaf, then 9 levels and the step root (bash after the cgroup wrapper and unshare), then runwall
            int self = (int) ProcessHandle.current().pid();
            assertThat(info.parents()).hasSizeGreaterThanOrEqualTo(11);
            assertThat(info.parents().subList(0, 10)).allSatisfy(p -> assertThat(p.name()).isEqualTo("bash"));
            assertThat(info.parents().get(9).pid()).as("the step root").isNotEqualTo(self);
            assertThat(info.parents().get(10).pid()).as("runwall itself").isEqualTo(self);
        }
    }

    @Test
    void aBackgroundProcessStartedInStepOneThatConnectsDuringStepThreeBelongsToStepOne() throws Exception {
        requireRoot();
        Path flag = tmp.resolve("step3-running");
        // Step 1 leaves two daemons behind, both reparented when their parent subshell exits at once:
        // one execs bash (its start is in the audit stream), one is a bare fork (seen first when it connects,
        // with init as its parent: only the step's cgroup still says where it came from). Both wait until
        // step 3 runs, then connect.
        String wait = "while [ ! -e " + flag + " ]; do sleep 0.05; done; ";
        String step1 = "( setsid bash -c '" + wait + "exec 3<>/dev/tcp/198.18.20.1/1 || true; sleep 3' & ) ; "
                + "( ( " + wait + "exec 3<>/dev/tcp/198.18.20.2/2 || true; sleep 3 ) & ) ; true";
        Sightings sightings = new Sightings();
        try (RunAttribution attribution = RunAttribution.start(ProcFs.system(), Duration.ofSeconds(2));
                EventLog log = EventLog.open(tmp.resolve("events.jsonl"))) {
            attribution.processes().onSyscall(sightings);
            attribution.jobRunner(log, tmp, tmp, Clock.systemUTC()).run(List.of(
                    StepSpec.script("start daemons", "unshare -n bash -c \"" + step1.replace("\"", "\\\"") + "\""),
                    StepSpec.script("build", "true"),
                    StepSpec.script("test", "touch " + flag + "; exec 3<>/dev/tcp/198.18.20.3/3 || true; sleep 0.5")));
            SyscallSighting execed = sightings.await(to("198.18.20.1", 1), Duration.ofSeconds(10));
            SyscallSighting forked = sightings.await(to("198.18.20.2", 2), Duration.ofSeconds(10));
            SyscallSighting own = sightings.await(to("198.18.20.3", 3), Duration.ofSeconds(10));
            assertThat(attribution.steps().stepOf(own.node())).contains("step-3");
            assertThat(attribution.steps().stepOf(execed.node())).as("by its recorded parents").contains("step-1");
            assertThat(ProcessTable.chain(execed.node())).extracting(n -> n.pid())
                    .contains((int) ProcessHandle.current().pid());
            assertThat(ProcessTable.chain(forked.node())).as("a bare fork keeps its parents too (fork records)")
                    .extracting(n -> n.pid()).contains((int) ProcessHandle.current().pid());
            assertThat(attribution.steps().stepOf(forked.node())).as("by its step's cgroup").contains("step-1");

            // the DNS path sees a live process through procfs, where both daemons now have init as parent
            for (SyscallSighting daemon : List.of(execed, forked)) {
                Optional<ProcessLineage> procfs = new ProcessDescriber(ProcFs.system()).describe(daemon.node().pid());
                assertThat(procfs).as("daemon %s still runs", daemon.node()).isPresent();
                assertThat(procfs.get().chain()).extracting(s -> s.pid()).doesNotContain((int) ProcessHandle.current().pid());
                assertThat(attribution.steps().stepOf(procfs.get())).contains("step-1");
            }
        }
    }

    static void requireRoot() {
        if (ProcFs.system().effectiveUid() != 0) {
            throw new AssertionError("this integration test needs root (kernel audit, cgroups, network namespaces)");
        }
    }
}
