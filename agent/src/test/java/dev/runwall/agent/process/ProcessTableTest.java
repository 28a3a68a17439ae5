package dev.runwall.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.core.event.ProcessInfo;
import dev.runwall.linux.procfs.ProcStat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTableTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    @TempDir Path tmp;
    private FakeProc proc;
    private ProcessTable table;
    private ExecutorService hashing;

    @BeforeEach
    void setUp() {
        proc = new FakeProc(tmp).process(1, 0, "init", 1).process(100, 1, "runner", 50);
        hashing = Executors.newVirtualThreadPerTaskExecutor();
        table = new ProcessTable(proc.procFs(), new ExecutableHashes(tmp, hashing), Duration.ofSeconds(30));
        table.seed();
    }

    @AfterEach
    void tearDown() {
        hashing.shutdownNow();
    }

    private static ProcessSighting exec(int pid, int ppid, String comm, int second, String... argv) {
        return new ProcessSighting(T0.plusSeconds(second), pid, ppid, 1001, -1, comm, "/usr/bin/" + comm, List.of(argv));
    }

    private static ProcessSighting call(int pid, int ppid, String comm, int second) {
        return new ProcessSighting(T0.plusSeconds(second), pid, ppid, 1001, -1, comm, "/usr/bin/" + comm, List.of());
    }

    @Test
    void aChildReparentedToInitKeepsTheParentsThatStartedIt() {
        ProcessNode bash = table.exec(exec(200, 100, "bash", 1, "bash", "-c", "nohup daemon &"));
        ProcessNode daemon = table.exec(exec(201, 200, "daemon", 2, "daemon"));
        table.exit(200, 0, T0.plusSeconds(3));
        ProcessNode later = table.observe(call(201, 1, "daemon", 10)); // its connect, now a child of init
        assertThat(later).isSameAs(daemon);
        assertThat(ProcessTable.chain(later)).extracting(ProcessNode::pid).containsExactly(201, 200, 100, 1);
        assertThat(bash.exited()).isTrue();
    }

    @Test
    void aReusedPidIsANewProcessAndTheOldChainStaysIntact() {
        ProcessNode first = table.exec(exec(200, 100, "bash", 1, "bash"));
        ProcessNode child = table.exec(exec(201, 200, "sleep", 2, "sleep", "60"));
        table.exit(200, 0, T0.plusSeconds(3));
        ProcessNode reused = table.exec(exec(200, 100, "curl", 4, "curl", "https://x.example"));
        assertThat(reused).isNotSameAs(first);
        assertThat(table.current(200)).containsSame(reused);
        assertThat(child.parent()).isSameAs(first);
        assertThat(child.parent().image().name()).isEqualTo("bash");
    }

    @Test
    void anExecveKeepsTheProcessAndReplacesItsProgramWithRedactedArguments() {
        ProcessNode sh = table.exec(exec(300, 100, "sh", 1, "sh", "-c", "exec curl"));
        ProcessNode curl = table.exec(exec(300, 100, "curl", 1, "curl", "--token", "s3cr3t", "https://u:pw@x.example/"));
        assertThat(curl).isSameAs(sh);
        assertThat(curl.image().cmdline()).containsExactly("curl", "--token", "***", "https://u:***@x.example/");
        assertThat(curl.image().exe()).isEqualTo("/usr/bin/curl");
    }

    @Test
    void aForkThatNeverExecsKeepsItsForkerEvenWhenItsFirstOwnRecordShowsInit() {
        ProcessNode shell = table.exec(exec(400, 100, "bash", 1, "bash"));
        ProcessNode sub = table.fork(call(400, 100, "bash", 2), 401, T0.plusSeconds(2));
        ProcessNode daemon = table.fork(call(401, 400, "bash", 2), 402, T0.plusSeconds(2));
        table.exit(401, 0, T0.plusSeconds(2));
        assertThat(table.observe(call(402, 1, "bash", 9))).isSameAs(daemon);
        assertThat(ProcessTable.chain(daemon)).containsSequence(daemon, sub, shell);
        assertThat(daemon.image().exe()).isEqualTo("/usr/bin/bash");
    }

    @Test
    void aRecordDeliveredAfterTheExitOfItsProcessStillBelongsToIt() {
        ProcessNode p = table.exec(exec(500, 100, "curl", 1, "curl"));
        table.exit(500, 7, T0.plusSeconds(5));
        assertThat(table.observe(call(500, 100, "curl", 4))).as("its connect, completed late").isSameAs(p);
        assertThat(table.observe(call(500, 100, "curl", 6))).as("after the exit: a new process").isNotSameAs(p);
        assertThat(p.exitCode()).isEqualTo(7);
    }

    @Test
    void sweepForgetsExitedProcessesAfterTheRetentionAndNoticesSilentExits() {
        proc.process(600, 100, "worker", 70);
        ProcessNode w = table.find(new ProcStat(600, "worker", 'S', 100, 1, 70)).orElseThrow();
        ProcessNode gone = table.exec(exec(601, 100, "sh", 1, "sh"));
        table.exit(601, 0, Instant.now().minusSeconds(60));
        proc.gone(600); // killed by a signal: no exit_group record
        table.sweep(Instant.now().plusSeconds(5));
        assertThat(table.current(601)).isEmpty();
        assertThat(w.exited()).isTrue();
        assertThat(gone.exited()).isTrue();
    }

    @Test
    void findAddsAProcessAndItsUnknownAncestorsFromProcfsAndChecksTheStartTime() {
        proc.process(700, 100, "make", 80).process(701, 700, "cc", 81, 1, "/usr/bin/cc", "/ci/step-1",
                java.util.Map.of(), "cc", "-c", "x.c");
        ProcessNode cc = table.find(new ProcStat(701, "cc", 'S', 700, 1, 81)).orElseThrow();
        assertThat(ProcessTable.chain(cc)).extracting(ProcessNode::pid).containsExactly(701, 700, 100, 1);
        assertThat(cc.image().cgroup()).isEqualTo("/ci/step-1");
        assertThat(cc.image().uid()).isEqualTo(1001);
        assertThat(table.find(new ProcStat(701, "cc", 'S', 700, 1, 99))).as("another process with that pid").isEmpty();
        ProcessInfo info = ProcessViews.info(cc, table.hashes());
        assertThat(info.parents()).extracting(r -> r.name()).containsExactly("make", "runner", "init");
        assertThat(info.cmdline()).containsExactly("cc", "-c", "x.c");
        assertThat(ProcessViews.lineage(cc).self().startTime()).isEqualTo(81);
    }

    @Test
    void aProcessStartedByAKnownOneInheritsItsCgroupWhenProcfsNoLongerShowsIt() {
        proc.process(800, 100, "step", 90, 800, "/usr/bin/bash", "/runwall-run-100/step-2", java.util.Map.of(), "bash");
        ProcessNode step = table.find(new ProcStat(800, "step", 'S', 100, 800, 90)).orElseThrow();
        ProcessNode child = table.exec(exec(801, 800, "curl", 1, "curl")); // already gone from procfs
        assertThat(child.parent()).isSameAs(step);
        assertThat(child.image().cgroup()).isEqualTo("/runwall-run-100/step-2");
        assertThat(step.image().sessionId()).isEqualTo(800);
    }
}
