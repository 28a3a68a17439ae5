package dev.runwall.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.process.ExecutableHashes;
import dev.runwall.agent.process.FakeProc;
import dev.runwall.agent.process.ProcessTable;
import dev.runwall.linux.audit.AuditArch;
import dev.runwall.linux.audit.AuditEvent;
import dev.runwall.linux.audit.AuditRecord;
import dev.runwall.linux.audit.SocketAddressValue;
import dev.runwall.linux.audit.Syscall;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit events as the linux reader delivers them, routed into the process table and the sighting sink. */
class AuditRouterTest {
    private static final AuditArch X64 = AuditArch.X86_64;
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    @TempDir Path tmp;
    private ProcessTable table;
    private final List<SyscallSighting> sightings = new ArrayList<>();
    private final AuditCounters counters = new AuditCounters();
    private AuditRouter router;
    private long serial = 1000;

    @BeforeEach
    void setUp() {
        FakeProc proc = new FakeProc(tmp).process(1, 0, "init", 1).process(100, 1, "runner", 5);
        table = new ProcessTable(proc.procFs(), new ExecutableHashes(tmp, Executors.newVirtualThreadPerTaskExecutor()),
                Duration.ofSeconds(30));
        table.seed();
        router = new AuditRouter(table, sightings::add, counters);
    }

    private AuditEvent event(int syscall, boolean success, long exit, long a0, int pid, int ppid, String comm,
            AuditRecord... more) {
        AuditRecord.Syscall s = new AuditRecord.Syscall(X64.auditValue(), syscall, Optional.of(success),
                OptionalLong.of(exit), List.of(a0, 0L, 0L, 0L), ppid, pid, 1000, 0, 0, 0, 1, "(none)", comm,
                Optional.of("/usr/bin/" + comm), Optional.of("host-key"));
        List<AuditRecord> records = new ArrayList<>(List.of(s));
        records.addAll(List.of(more));
        return new AuditEvent(serial++, T, records, true);
    }

    private static AuditRecord execve(String... args) {
        List<AuditRecord.ArgumentPart> parts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            parts.add(new AuditRecord.ArgumentPart(i, -1, args[i].getBytes(StandardCharsets.UTF_8)));
        }
        return new AuditRecord.Execve(OptionalInt.of(args.length), parts);
    }

    private static AuditRecord sockaddr(String ip, int port) {
        return new AuditRecord.Sockaddr(new SocketAddressValue.Inet(new InetSocketAddress(java.net.InetAddress.ofLiteral(ip), port)));
    }

    @Test
    void execForkConnectAndExitWhateverTheRuleKey() {
        router.accept(event(X64.number(Syscall.EXECVE), true, 0, 0, 200, 100, "bash", execve("bash", "-c", "x")));
        router.accept(event(57, true, 201, 0, 200, 100, "bash")); // fork() returned 201 in the parent
        router.accept(event(X64.number(Syscall.CONNECT), false, -111, 3, 201, 200, "bash", sockaddr("198.18.0.1", 443)));
        router.accept(event(231, false, 0, 3, 201, 200, "bash")); // exit_group(3)
        assertThat(sightings).singleElement().satisfies(s -> {
            assertThat(s.syscall()).isEqualTo(Syscall.CONNECT);
            assertThat(s.destination().getPort()).isEqualTo(443);
            assertThat(s.success()).isFalse();
            assertThat(s.exit()).isEqualTo(-111);
            assertThat(ProcessTable.chain(s.node())).extracting(n -> n.pid()).containsExactly(201, 200, 100, 1);
            assertThat(s.node().exitCode()).isEqualTo(3);
        });
        assertThat(table.current(200).orElseThrow().image().cmdline()).containsExactly("bash", "-c", "x");
        assertThat(counters.asMap()).containsEntry("auditExecs", 1L).containsEntry("auditForks", 1L)
                .containsEntry("auditExits", 1L).containsEntry("auditNetworkSyscalls", 1L);
    }

    @Test
    void threadsFailedExecsLoopbackAndUnixSocketsAreNotProcessesOrFlows() {
        router.accept(event(56, true, 300, 0x3d0f00, 100, 1, "runner")); // clone with CLONE_THREAD
        router.accept(event(X64.number(Syscall.EXECVE), false, -2, 0, 100, 1, "runner", execve("nope")));
        router.accept(event(X64.number(Syscall.SENDTO), true, 40, 5, 100, 1, "runner", sockaddr("127.0.0.1", 53)));
        router.accept(event(X64.number(Syscall.CONNECT), true, 0, 5, 100, 1, "runner",
                new AuditRecord.Sockaddr(new SocketAddressValue.Unix("/run/x.sock", false))));
        assertThat(table.current(300)).isEmpty();
        assertThat(table.current(100).orElseThrow().image().name()).isEqualTo("runner");
        assertThat(sightings).isEmpty();
        assertThat(counters.asMap()).containsEntry("auditLoopbackSyscalls", 1L).containsEntry("auditForks", 0L)
                .containsEntry("auditExecs", 0L);
    }

    @Test
    void serialsNeverSeenAreCountedAsMissingEvenOutOfOrder() {
        SerialGaps gaps = new SerialGaps();
        for (long s : new long[] {10, 11, 14, 12, 20}) {
            gaps.seen(s);
        }
        assertThat(gaps.missing()).isEqualTo(6); // 13, 15..19
        gaps.seen(13);
        assertThat(gaps.missing()).isEqualTo(5);
        assertThat(new SerialGaps().missing()).isZero();
    }
}
