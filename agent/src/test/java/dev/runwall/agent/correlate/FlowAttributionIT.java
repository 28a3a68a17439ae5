package dev.runwall.agent.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runwall.agent.eventlog.EventLog;
import dev.runwall.agent.report.ReportWriter;
import dev.runwall.agent.step.RunAttribution;
import dev.runwall.agent.step.StepResult;
import dev.runwall.agent.step.StepSpec;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.report.Report;
import dev.runwall.linux.nflog.NflogOptions;
import dev.runwall.linux.nflog.NflogReader;
import dev.runwall.linux.procfs.ProcFs;
import dev.runwall.sandbox.FlowLogNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 connections from short-lived processes (each connects once and exits at once) over three steps,
 * IPv4 and IPv6, TCP and UDP: every flow the kernel logs is joined with the audited syscall of its process
 * and reaches the report with the right step and executable. The flows leave a network namespace of the
 * test's own towards a peer namespace where nothing listens.
 */
class FlowAttributionIT {
    @TempDir Path tmp;

    /** One destination port per connection, so every event names the connection it is. */
    private record Expected(String step, String exe) {}

    @Test
    void twoThousandShortLivedConnectionsEachWithItsStepAndExecutable() throws Exception {
        if (ProcFs.system().effectiveUid() != 0) {
            throw new AssertionError("this integration test needs root (network namespaces, nftables, NFLOG, audit)");
        }
        try (FlowLogNetwork net = FlowLogNetwork.create("rwfa", 200)) {
            twoThousandConnectionsIn(net);
        }
    }

    private void twoThousandConnectionsIn(FlowLogNetwork net) throws Exception {
        Map<Integer, Expected> expected = new HashMap<>();
        String tcp4 = script("tcp4.sh", "exec 3<>/dev/tcp/" + net.peerV4() + "/$1", 700, 10_000, "step-1",
                "/usr/bin/bash", expected);
        String udp = script("udp.sh", "perl -MSocket=:all -e '"
                + "if ($ARGV[0] % 2) { socket(S, PF_INET6, SOCK_DGRAM, 0) or die; "
                + "send(S, \"x\", 0, pack_sockaddr_in6($ARGV[0], inet_pton(AF_INET6, \"" + net.peerV6() + "\"))) } "
                + "else { socket(S, PF_INET, SOCK_DGRAM, 0) or die; "
                + "send(S, \"x\", 0, sockaddr_in($ARGV[0], inet_aton(\"" + net.peerV4() + "\"))) }' $1",
                650, 20_000, "step-2", "/usr/bin/perl", expected);
        String tcp6 = script("tcp6.sh", "curl -s --max-time 2 -o /dev/null http://[" + net.peerV6() + "]:$1/",
                650, 30_000, "step-3", "/usr/bin/curl", expected);

        AtomicLong flows = new AtomicLong();
        Path events = tmp.resolve("events.jsonl");
        try (RunAttribution attribution = RunAttribution.start(ProcFs.system(), Duration.ofSeconds(2));
                EventLog log = EventLog.open(events);
                ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
                NflogReader nflog = NflogReader.openIn(net.runnerPath(), net.nflogGroup(), NflogOptions.DEFAULTS)) {
            assertThat(attribution.processes().auditActive()).as(attribution.warnings().toString()).isTrue();
            FlowCorrelator correlator = new FlowCorrelator(attribution.steps(), attribution.processes().table().hashes(),
                    Duration.ofSeconds(10), Duration.ofSeconds(3), () -> attribution.processes().counters()
                            .getOrDefault("auditLost", 0L), true);
            attribution.processes().onSyscall(correlator);
            Thread reader = Thread.ofPlatform().name("nflog").start(() -> {
                try {
                    nflog.run(packet -> FlowSighting.of(packet).ifPresent(flow -> {
                        flows.incrementAndGet();
                        lookups.execute(() -> {
                            Correlation c = correlator.correlate(flow);
                            log.append(new ConnectionEvent(flow.time(), c.step(), Verdict.AUDITED, null,
                                    flow.destination().getAddress().getHostAddress(), flow.destination().getPort(),
                                    flow.protocol(), "output", c.process(), null, c.unexplained()));
                        });
                    }));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<StepResult> results = attribution.jobRunner(log, tmp, tmp, Clock.systemUTC()).run(List.of(
                    step("TCP over IPv4 (bash)", net, tcp4, 10_000, 700),
                    step("UDP over IPv4 and IPv6 (perl)", net, udp, 20_000, 650),
                    step("TCP over IPv6 (curl)", net, tcp6, 30_000, 650)));
            assertThat(results).extracting(StepResult::exitCode).containsOnly(0);
            awaitQuiet(flows);
            lookups.shutdown();
            assertThat(lookups.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            nflog.close();
            reader.join(5000);
            System.out.println("flow attribution: " + flows.get() + " flows logged, nflog lost " + nflog.lostMessages()
                    + "; correlator " + correlator.counters() + "; audit " + attribution.processes().counters());
            attribution.finish(log, Clock.systemUTC());
        }
        Report report = ReportWriter.write(events, tmp.resolve("report"), "flows");
        Map<Integer, ConnectionEvent> byPort = new HashMap<>();
        for (var e : report.events()) {
            if (e instanceof ConnectionEvent c) {
                byPort.putIfAbsent(c.port(), c);
            }
        }
        long right = expected.entrySet().stream().filter(x -> {
            ConnectionEvent c = byPort.get(x.getKey());
            return c != null && x.getValue().step().equals(c.step()) && c.process() != null
                    && x.getValue().exe().equals(c.process().exe());
        }).count();
        System.out.printf("flow attribution: %d of %d connections in the report with the right step and exe; "
                + "%d connection events; loss %s%n", right, expected.size(), byPort.size(), report.loss());
        for (var x : expected.entrySet()) {
            ConnectionEvent c = byPort.get(x.getKey());
            assertThat(c).as("connection to port %d (%s)", x.getKey(), x.getValue()).isNotNull();
            assertThat(c.step()).as("step of port %d: %s", x.getKey(), c).isEqualTo(x.getValue().step());
            assertThat(c.process()).as("process of port %d", x.getKey()).isNotNull();
            assertThat(c.process().exe()).as("exe of port %d", x.getKey()).isEqualTo(x.getValue().exe());
        }
        assertThat(report.loss().unexplainedFlows()).isZero();
    }

    private String script(String name, String body, int count, int firstPort, String step, String exe,
            Map<Integer, Expected> expected) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, "exec 2>/dev/null\n" + body + "\nexit 0\n");
        for (int i = 0; i < count; i++) {
            expected.put(firstPort + i, new Expected(step, exe));
        }
        return f.toString();
    }

    /** A step that runs {@code script PORT} once per port, eight processes at a time, in the runner namespace. */
    private static StepSpec step(String name, FlowLogNetwork net, String script, int firstPort, int count) {
        return StepSpec.script(name, "ip netns exec " + net.runner() + " bash -c 'seq " + firstPort + " "
                + (firstPort + count - 1) + " | xargs -P 8 -n 1 bash " + script + "'");
    }

    private static void awaitQuiet(AtomicLong flows) throws InterruptedException {
        long seen = -1;
        while (flows.get() != seen) {
            seen = flows.get();
            Thread.sleep(1000);
        }
    }
}
