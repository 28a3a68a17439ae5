package dev.runwall.agent.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.audit.SyscallSighting;
import dev.runwall.agent.process.ExecutableHashes;
import dev.runwall.agent.process.FakeProc;
import dev.runwall.agent.process.ProcessNode;
import dev.runwall.agent.process.ProcessSighting;
import dev.runwall.agent.process.ProcessTable;
import dev.runwall.agent.step.CausalSteps;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.Verdict;
import dev.runwall.linux.audit.Syscall;
import dev.runwall.linux.procfs.ProcessLineage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowCorrelatorTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    @TempDir Path tmp;
    private ProcessTable table;
    private FlowCorrelator correlator;
    private long serial;

    /** Steps by the name of the process's parent: "step-a" for children of "a", and so on. */
    private static final CausalSteps STEPS = new CausalSteps() {
        @Override
        public Optional<String> stepOf(ProcessLineage lineage) {
            return Optional.empty();
        }

        @Override
        public Optional<String> stepOf(ProcessNode node) {
            return node.parent() == null ? Optional.empty() : Optional.of("step-" + node.parent().image().name());
        }
    };

    @BeforeEach
    void setUp() {
        FakeProc proc = new FakeProc(tmp).process(1, 0, "init", 1).process(10, 1, "a", 2).process(20, 1, "b", 3);
        table = new ProcessTable(proc.procFs(), new ExecutableHashes(tmp, Executors.newVirtualThreadPerTaskExecutor()),
                Duration.ofSeconds(30));
        table.seed();
        correlator = new FlowCorrelator(STEPS, table.hashes(), Duration.ofSeconds(5), Duration.ofMillis(300), () -> 0, true);
    }

    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(InetAddress.ofLiteral(ip), port);
    }

    private SyscallSighting call(int pid, int ppid, String exe, Syscall syscall, String ip, int port, long exit, int ms) {
        ProcessNode node = table.exec(new ProcessSighting(T, pid, ppid, 0, -1, exe, "/usr/bin/" + exe, List.of(exe)));
        return new SyscallSighting(T.plusMillis(ms), ++serial, syscall, node, node.image(), at(ip, port), exit >= 0 || exit == -111, exit);
    }

    private static FlowSighting flow(String protocol, int sourcePort, String ip, int port, int ms) {
        return new FlowSighting(T.plusMillis(ms), protocol, at("198.18.0.100", sourcePort), at(ip, port), false);
    }

    @Test
    void aFlowWaitsForItsSyscallAndGetsItsProcessParentsAndStep() throws Exception {
        CompletableFuture<Correlation> c = CompletableFuture.supplyAsync(
                () -> correlator.correlate(flow("tcp", 40000, "198.18.1.1", 443, 0)));
        Thread.sleep(50); // the SYN left during connect(); its audit record comes when connect returns
        correlator.accept(call(100, 10, "curl", Syscall.CONNECT, "198.18.1.1", 443, -111, 1));
        Correlation got = c.get();
        assertThat(got.explained()).isTrue();
        assertThat(got.step()).isEqualTo("step-a");
        assertThat(got.process().exe()).isEqualTo("/usr/bin/curl");
        assertThat(got.process().parents()).extracting(p -> p.name()).containsExactly("a", "init");
    }

    @Test
    void flowsToOneDestinationTakeTheirSyscallsInOrderAndAProcessesDatagramsAreOneFlow() {
        correlator.accept(call(100, 10, "dig", Syscall.SENDTO, "198.18.2.2", 53, 40, 0));
        correlator.accept(call(100, 10, "dig", Syscall.SENDTO, "198.18.2.2", 53, 40, 1)); // a retry, same socket
        correlator.accept(call(200, 20, "nslookup", Syscall.SENDTO, "198.18.2.2", 53, 40, 2));
        assertThat(correlator.correlate(flow("udp", 50001, "198.18.2.2", 53, 0)).process().exe()).endsWith("/dig");
        assertThat(correlator.correlate(flow("udp", 50002, "198.18.2.2", 53, 2)).process().exe()).endsWith("/nslookup");
        assertThat(correlator.correlate(flow("udp", 50001, "198.18.2.2", 53, 3)).process().exe())
                .as("the same flow logged again").endsWith("/dig");
        assertThat(correlator.counters()).containsEntry("flowsExplained", 2L).containsEntry("flowsRepeated", 1L);
    }

    @Test
    void aConnectThatSentNothingExplainsNoFlowAndAFlowWithoutSyscallSaysWhy() {
        correlator.accept(call(100, 10, "curl", Syscall.CONNECT, "198.18.3.3", 80, -101, 0)); // ENETUNREACH
        Correlation c = correlator.correlate(flow("tcp", 40001, "198.18.3.3", 80, 1));
        assertThat(c.explained()).isFalse();
        assertThat(c.process()).isNull();
        assertThat(c.step()).isNull();
        assertThat(c.unexplained()).startsWith("no audited connect/sendto/sendmsg to this address within 300 ms");
        assertThat(correlator.counters()).containsEntry("flowsUnexplained", 1L).containsEntry("syscallsWithoutPacket", 1L);
    }

    @Test
    void aSecondSocketOfTheSameProcessIsExplainedByItsEarlierCallAndCountedApart() {
        correlator.accept(call(100, 10, "agent", Syscall.SENDTO, "198.18.4.4", 8125, 10, 0));
        correlator.correlate(flow("udp", 50010, "198.18.4.4", 8125, 0));
        Correlation second = correlator.correlate(flow("udp", 50011, "198.18.4.4", 8125, 100));
        assertThat(second.process().exe()).endsWith("/agent");
        assertThat(correlator.counters()).containsEntry("flowsExplainedByEarlierSyscall", 1L);
    }

    @Test
    void aDualStackSocketsMappedDestinationIsTheIpv4FlowAndTheEventHookFillsTheEvent() {
        correlator.accept(call(100, 10, "java", Syscall.CONNECT, "::ffff:198.18.5.5", 443, 0, 0));
        ConnectionEvent e = new ConnectionEvent(T, null, Verdict.AUDITED, null, "198.18.5.5", 443, "tcp", "output", null, null);
        ConnectionEvent attributed = correlator.attribute(e, at("198.18.0.100", 40100));
        assertThat(attributed.step()).isEqualTo("step-a");
        assertThat(attributed.process().exe()).endsWith("/java");
        assertThat(attributed.unexplained()).isNull();
        assertThat(attributed.verdict()).isEqualTo(Verdict.AUDITED);
    }

    @Test
    void aFlowLoggedLateTakesTheTimeOfItsSyscallButNotOfAnEarlierOneOrWhenLoggedAgain() {
        correlator.accept(call(100, 10, "curl", Syscall.CONNECT, "198.18.6.6", 443, -111, 1));
        ConnectionEvent late = new ConnectionEvent(T.plusMillis(11), null, Verdict.BLOCKED, null, "198.18.6.6", 443,
                "tcp", "output", null, null);
        assertThat(correlator.attribute(late, at("198.18.0.100", 40200)).time())
                .as("the connect's time: the kernel sent the packet's log line in a batch, 10 ms later")
                .isEqualTo(T.plusMillis(1));
        assertThat(correlator.attribute(late.at(T.plusMillis(900)), at("198.18.0.100", 40200)).time())
                .as("the same flow logged again keeps its own time").isEqualTo(T.plusMillis(900));

        correlator.accept(call(100, 10, "agent", Syscall.SENDTO, "198.18.6.7", 8125, 10, 2));
        ConnectionEvent first = new ConnectionEvent(T.plusMillis(3), null, Verdict.AUDITED, null, "198.18.6.7", 8125,
                "udp", "output", null, null);
        assertThat(correlator.attribute(first, at("198.18.0.100", 50300)).time()).isEqualTo(T.plusMillis(2));
        ConnectionEvent second = first.at(T.plusMillis(500));
        assertThat(correlator.attribute(second, at("198.18.0.100", 50301)).time())
                .as("explained by the earlier call of another socket: that call did not make this flow")
                .isEqualTo(T.plusMillis(500));
    }

    @Test
    void withoutAuditEveryFlowIsUnexplainedSayingSo() {
        FlowCorrelator blind = new FlowCorrelator(STEPS, table.hashes(), Duration.ofSeconds(5), Duration.ofMillis(10),
                () -> 0, false);
        assertThat(blind.correlate(flow("tcp", 1, "198.18.6.6", 443, 0)).unexplained()).contains("audit is not available");
    }
}
