package dev.runwall.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.process.ExecutableHashes;
import dev.runwall.agent.process.FakeProc;
import dev.runwall.agent.process.ProcessSighting;
import dev.runwall.agent.process.ProcessTable;
import dev.runwall.dns.Transport;
import dev.runwall.linux.procfs.ProcessDescriber;
import dev.runwall.linux.procfs.ProcessLineage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableLineageAttributorTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    @TempDir Path tmp;
    private final ExecutorService hashing = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void tearDown() {
        hashing.shutdownNow();
    }

    @Test
    void aChildWhoseForkTheTableHasButNotYetItsExecWaitsForTheExecAndIsNamedByItsOwnProgram() {
        FakeProc proc = new FakeProc(tmp).process(1, 0, "init", 1).process(100, 1, "runner", 50)
                .process(200, 100, "bash", 60, 200, "/usr/bin/bash", "/", java.util.Map.of(), "bash", "-c", "getent hosts x");
        ProcessTable table = new ProcessTable(proc.procFs(), new ExecutableHashes(tmp, hashing), Duration.ofSeconds(30));
        table.seed();
        // the child has exec'd getent (procfs shows it) and asks; the audit stream has delivered its fork only
        proc.process(201, 200, "getent", 61, 200, "/usr/bin/getent", "/", java.util.Map.of(), "getent", "hosts", "x");
        Instant now = Instant.now();
        table.fork(new ProcessSighting(now.minusMillis(5), 200, 100, 0, -1, "bash", "/usr/bin/bash", List.of()), 201,
                now.minusMillis(5));
        AtomicInteger hurried = new AtomicInteger();
        table.hurryAuditWith(() -> { // the reader, hurried, delivers the execve it had queued
            hurried.incrementAndGet();
            table.exec(new ProcessSighting(now.minusMillis(1), 201, 200, 0, -1, "getent", "/usr/bin/getent",
                    List.of("getent", "hosts", "x")));
            table.observed(Instant.now());
        });
        ProcessDescriber describer = new ProcessDescriber(proc.procFs());
        ProcessAttributor owners = (transport, client) -> describer.describe(201); // the socket's owner, from procfs

        Optional<ProcessLineage> found = new TableLineageAttributor(owners, table).lookup(Transport.UDP, CLIENT);

        assertThat(hurried).as("waited for the stream, hurrying the reader").hasValue(1);
        assertThat(found).hasValueSatisfying(l -> {
            assertThat(l.self().pid()).isEqualTo(201);
            assertThat(l.exes().getFirst()).isEqualTo("/usr/bin/getent");
            assertThat(l.chain()).extracting(s -> s.pid()).startsWith(201, 200, 100);
        });
    }
}
