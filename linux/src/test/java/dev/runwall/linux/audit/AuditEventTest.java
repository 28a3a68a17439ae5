package dev.runwall.linux.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Typed records and event helpers on events recorded from the kernel. */
class AuditEventTest {
    private static Map<Long, AuditEvent> events;

    @BeforeAll
    static void load() throws Exception {
        events = RecordedEvents.load();
    }

    @Test
    void everyRecordedEventEndsWithItsEndRecord() {
        assertThat(events).hasSizeGreaterThan(40);
        assertThat(events.values()).allMatch(AuditEvent::complete);
    }

    @Test
    void connectOverIpv4WithProcessAndAddress() throws Exception {
        AuditEvent event = events.get(270L);
        assertThat(event.time()).isEqualTo(Instant.ofEpochSecond(1795636753L, 127_000_000));
        AuditRecord.Syscall syscall = event.syscall().orElseThrow();
        assertThat(AuditArch.ofAuditValue(syscall.arch())).contains(AuditArch.X86_64);
        assertThat(AuditArch.X86_64.syscall(syscall.syscall())).contains(Syscall.CONNECT);
        assertThat(syscall.success()).contains(false);
        assertThat(syscall.exit()).hasValue(-111);
        assertThat(syscall.pid()).isEqualTo(3717);
        assertThat(syscall.ppid()).isEqualTo(3693);
        assertThat(syscall.uid()).isZero();
        assertThat(syscall.auid()).isEqualTo(4294967295L);
        assertThat(syscall.comm()).isEqualTo("bash");
        assertThat(syscall.exe()).contains("/usr/bin/bash");
        assertThat(syscall.args()).hasSize(4).first().isEqualTo(3L);
        assertThat(event.key()).contains("rwl-fixture");
        assertThat(event.sockaddr()).contains(new SocketAddressValue.Inet(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9)));
        assertThat(event.cwd()).isEmpty(); // connect has no CWD record
        // the kernel caches a task's proctitle at its first audited syscall and keeps it across
        // execve: this bash still shows the title of jspawnhelper, which it was before exec
        assertThat(event.proctitle().orElseThrow()).containsExactly(
                "/usr/lib/jvm/temurin-25-jdk-amd64/lib/jspawnhelper", "25.0.3+9-LTS", "14:15:17");
    }

    @Test
    void execveHasTheWorkingDirectory() {
        assertThat(events.get(269L).cwd()).contains("/work/wt-netlink/linux");
        assertThat(events.get(269L).arguments()).containsExactly("bash", "-c", "echo rwl-fixture > /dev/tcp/127.0.0.1/9");
    }

    @Test
    void connectOverIpv6() throws Exception {
        AuditEvent event = events.get(281L);
        assertThat(event.sockaddr()).contains(new SocketAddressValue.Inet(
                new InetSocketAddress(InetAddress.getByName("::1"), 9)));
    }

    @Test
    void sendtoAndSendmsgCarryTheirDestination() throws Exception {
        AuditEvent sendto = events.get(297L);
        assertThat(sendto.syscall().orElseThrow().syscall()).isEqualTo(AuditArch.X86_64.number(Syscall.SENDTO));
        assertThat(sendto.syscall().orElseThrow().comm()).isEqualTo("socat");
        assertThat(sendto.sockaddr()).contains(new SocketAddressValue.Inet(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9)));
        AuditEvent sendmsg = events.get(320L);
        assertThat(sendmsg.syscall().orElseThrow().syscall()).isEqualTo(AuditArch.X86_64.number(Syscall.SENDMSG));
        assertThat(sendmsg.sockaddr()).contains(new SocketAddressValue.Netlink(0, 0));
    }

    @Test
    void execveArgumentsQuotedAndHexEncoded() {
        AuditEvent event = events.get(283L);
        assertThat(event.argc()).hasValue(5);
        assertThat(event.arguments()).containsExactly("/bin/echo", "rwl-fixture", "two words", "quote\"d", "tab\there");
        assertThat(event.paths()).extracting(p -> p.name().orElse("")).contains("/bin/echo");
        assertThat(event.paths().getFirst().nameType()).contains("NORMAL");
        assertThat(event.paths().getFirst().inode()).isPresent();
    }

    @Test
    void longArgumentSplitAcrossRecordsIsReassembled() {
        AuditEvent event = events.get(285L);
        assertThat(event.records().stream().filter(r -> r instanceof AuditRecord.Execve)).hasSizeGreaterThan(1);
        List<String> arguments = event.arguments();
        assertThat(arguments).hasSize(3);
        assertThat(arguments.get(2)).hasSize(9000).matches("L+");
    }

    @Test
    void oneExecveRecordWithChunksOrGapsIsReassembledByIndex() throws Exception {
        assertThat(execveEvent("argc=2 a0=\"ls\" a1_len=6 a1[0]=616263 a1[1]=\"def\"").arguments())
                .containsExactly("ls", "abcdef");
        assertThat(execveEvent("argc=3 a0=\"x\" a2=\"z\"").arguments()).containsExactly("x", "z");
        assertThat(execveEvent("argc=2 a1=\"b\" a0=\"a\"").arguments()).containsExactly("a", "b");
        assertThat(execveEvent("argc=2 a0=\"a\" a1=\"b\"").arguments()).containsExactly("a", "b");
    }

    private static AuditEvent execveEvent(String body) throws AuditParseException {
        return new AuditEvent(1, Instant.EPOCH,
                List.of(dev.runwall.linux.audit.internal.AuditRecordParser.parse(AuditRecord.EXECVE, body)), true);
    }

    @Test
    void failedExecveOfAPathSearchIsStillAnEvent() {
        AuditEvent event = events.get(261L);
        assertThat(event.syscall().orElseThrow().success()).contains(false);
        assertThat(event.syscall().orElseThrow().exit()).hasValue(-2);
    }

    @Test
    void unknownRecordTypesAreKeptAsText() {
        AuditEvent event = events.get(269L);
        assertThat(event.records()).anySatisfy(r -> {
            assertThat(r).isInstanceOf(AuditRecord.Other.class);
            assertThat(r.type()).isEqualTo(1321); // BPRM_FCAPS
        });
    }
}
