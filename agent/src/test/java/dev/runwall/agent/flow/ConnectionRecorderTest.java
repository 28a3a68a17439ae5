package dev.runwall.agent.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.eventlog.EventLogReader;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.policy.PortSpec;
import dev.runwall.dns.ResolvedAddress;
import dev.runwall.linux.nflog.Hook;
import dev.runwall.linux.nflog.Interfaces;
import dev.runwall.linux.nflog.IpPacket;
import dev.runwall.linux.nflog.NflogPacket;
import dev.runwall.linux.nflog.Transport;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionRecorderTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final InetAddress RUNNER = InetAddress.ofLiteral("198.18.0.2");
    @TempDir Path tmp;

    private final AddressNames names = new AddressNames(100, Duration.ofHours(1));
    private final AtomicInteger lookups = new AtomicInteger();

    private static NflogPacket packet(String prefix, Hook hook, String destination, Transport transport) {
        InetAddress dst = InetAddress.ofLiteral(destination);
        InetAddress src = dst.getAddress().length == 4 ? RUNNER : InetAddress.ofLiteral("fd52:7761:6c6c:ffff::2");
        return new NflogPacket(T0, true, 7, prefix, hook, Interfaces.NONE, OptionalLong.of(0), OptionalLong.of(0),
                OptionalLong.of(1), OptionalLong.of(1), Optional.of(new IpPacket(dst.getAddress().length == 4 ? 4 : 6,
                        src, dst, transport)));
    }

    private List<ConnectionEvent> record(NflogPacket... packets) throws Exception {
        Path file = tmp.resolve("events-" + System.nanoTime() + ".jsonl");
        try (EventLog log = EventLog.open(file)) {
            var recorder = new ConnectionRecorder(names, log, (transport, local) -> {
                lookups.incrementAndGet();
                return Optional.empty();
            }, lineage -> Optional.of("never"), Runnable::run, 4);
            for (NflogPacket p : packets) {
                recorder.accept(p);
            }
            assertThat(recorder.events() + recorder.foreign()).isEqualTo(packets.length);
        }
        return EventLogReader.read(file).events().stream().map(ConnectionEvent.class::cast).toList();
    }

    @Test
    void aBlockedTcpFlowToARawIpBecomesABlockedEventWithoutAName() throws Exception {
        ConnectionEvent e = record(packet("runwall:block:other", Hook.OUTPUT, "198.18.66.6",
                new Transport.Tcp(40000, 80, Transport.Tcp.SYN))).getFirst();
        assertThat(e.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(e.ip()).isEqualTo("198.18.66.6");
        assertThat(e.port()).isEqualTo(80);
        assertThat(e.protocol()).isEqualTo("tcp");
        assertThat(e.path()).isEqualTo("output");
        assertThat(e.domain()).isNull();
        assertThat(e.reason()).isEqualTo("not in allowed-endpoints: no allowed name resolved to this address");
        assertThat(e.time()).isEqualTo(T0);
        assertThat(e.process()).as("the lookup found nothing").isNull();
        assertThat(e.step()).as("never guessed").isNull();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void allowedFlowsCarryTheNameThatResolvedToTheAddress() throws Exception {
        names.remember("api.nuget.org", List.of(new ResolvedAddress("api.nuget.org", InetAddress.ofLiteral("fd52:7761:6c6c::10"), 60)),
                Set.of(PortSpec.of(443)), a -> T0.plusSeconds(60));
        List<ConnectionEvent> events = record(
                packet("runwall:allow:name", Hook.OUTPUT, "fd52:7761:6c6c::10", new Transport.Tcp(40000, 443, Transport.Tcp.SYN)),
                packet("runwall:block:other", Hook.OUTPUT, "fd52:7761:6c6c::10", new Transport.Tcp(40001, 80, Transport.Tcp.SYN)));
        assertThat(events.get(0).verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(events.get(0).domain()).isEqualTo("api.nuget.org");
        assertThat(events.get(0).reason()).isEqualTo("resolved from api.nuget.org");
        assertThat(events.get(1).verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(events.get(1).domain()).isEqualTo("api.nuget.org");
        assertThat(events.get(1).reason()).isEqualTo("port 80 is not allowed for api.nuget.org (allowed: 443)");
    }

    @Test
    void dnsToAnotherResolverIsNamedAsSuchInBothModes() throws Exception {
        List<ConnectionEvent> events = record(
                packet("runwall:block:dns", Hook.OUTPUT, "198.18.8.8", new Transport.Udp(5000, 53)),
                packet("runwall:audit:dns", Hook.FORWARD, "fd52:7761:6c6c::8:8", new Transport.Tcp(5001, 853, Transport.Tcp.SYN)));
        assertThat(events).extracting(ConnectionEvent::verdict).containsExactly(Verdict.BLOCKED, Verdict.AUDITED);
        assertThat(events).extracting(ConnectionEvent::reason).containsOnly("DNS to a resolver other than the agent");
        assertThat(events.get(1).path()).isEqualTo("forward");
        assertThat(events.get(1).port()).isEqualTo(853);
    }

    @Test
    void forwardedAndIcmpFlowsAreNotLookedUpInThisNamespacesProcesses() throws Exception {
        List<ConnectionEvent> events = record(
                packet("runwall:audit:new", Hook.FORWARD, "198.18.66.6", new Transport.Tcp(40000, 80, Transport.Tcp.SYN)),
                packet("runwall:audit:new", Hook.OUTPUT, "fd52:7761:6c6c::66:6", new Transport.Icmp(true, 128, 0)));
        assertThat(lookups).hasValue(0);
        assertThat(events.get(1).protocol()).isEqualTo("icmpv6");
        assertThat(events.get(1).port()).isZero();
        assertThat(events).extracting(ConnectionEvent::reason).containsOnly("no name resolved to this address");
    }

    @Test
    void packetsFromRulesThatAreNotOursAreCountedNotRecorded() throws Exception {
        assertThat(record(packet("someone else ", Hook.OUTPUT, "198.18.66.6", new Transport.Udp(1, 2)))).isEmpty();
    }
}
