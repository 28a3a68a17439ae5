package dev.runwall.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.linux.procfs.ProcessLineage;
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

class LineageCacheTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    @TempDir Path tmp;
    private ProcessTable table;
    private ExecutorService hashing;
    private final LineageCache cache = new LineageCache();

    @BeforeEach
    void setUp() {
        FakeProc proc = new FakeProc(tmp).process(1, 0, "init", 1).process(100, 1, "runner", 50);
        hashing = Executors.newVirtualThreadPerTaskExecutor();
        table = new ProcessTable(proc.procFs(), new ExecutableHashes(tmp, hashing), Duration.ofSeconds(30));
        table.seed();
    }

    @AfterEach
    void tearDown() {
        hashing.shutdownNow();
    }

    private ProcessNode exec(int pid, int ppid, String comm, int second) {
        return table.exec(new ProcessSighting(T0.plusSeconds(second), pid, ppid, 1001, -1, comm, "/usr/bin/" + comm,
                List.of(comm)));
    }

    @Test
    void theSameUnchangedProcessGetsTheSameLineageObject() {
        ProcessNode resolver = exec(200, 100, "dnsperf", 1);
        ProcessLineage first = cache.lineage(resolver);
        assertThat(cache.lineage(resolver)).isSameAs(first).isEqualTo(ProcessViews.lineage(resolver));
    }

    @Test
    void anotherProcessGetsItsOwnLineage() {
        ProcessNode a = exec(200, 100, "dnsperf", 1);
        ProcessNode b = exec(201, 100, "curl", 2);
        ProcessLineage ofA = cache.lineage(a);
        assertThat(cache.lineage(b).self().comm()).isEqualTo("curl");
        assertThat(cache.lineage(a)).isEqualTo(ofA);
    }

    @Test
    void anExecOrAnExitInTheChainGivesANewLineage() {
        ProcessNode shell = exec(200, 100, "bash", 1);
        ProcessNode child = exec(201, 200, "python3", 2);
        ProcessLineage before = cache.lineage(child);
        table.exit(200, 0, T0.plusSeconds(3)); // the parent exits: its state in the chain changes
        ProcessLineage afterExit = cache.lineage(child);
        assertThat(afterExit).isNotSameAs(before);
        assertThat(afterExit.chain().get(1).state()).isEqualTo('X');
        ProcessNode same = exec(201, 200, "node", 4); // the child execs another program
        ProcessLineage afterExec = cache.lineage(same);
        assertThat(afterExec.self().comm()).isEqualTo("node");
        assertThat(afterExec).isEqualTo(ProcessViews.lineage(same));
    }
}
