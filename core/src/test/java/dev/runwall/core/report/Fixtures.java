package dev.runwall.core.report;

import dev.runwall.core.event.AgentEvent;
import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsAnswer;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.event.StepEvent;
import dev.runwall.core.event.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds event logs for report tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final List<Event> log = new ArrayList<>();
    private int second;

    static ProcessInfo process(int pid, String name) {
        return new ProcessInfo(pid, 1, name, "/usr/bin/" + name, List.of(name), List.of());
    }

    Instant next() {
        return T0.plusSeconds(second++);
    }

    Fixtures started(String mode, String allowed) {
        log.add(new AgentEvent(next(), AgentEvent.STARTED, mode, allowed, null, Map.of()));
        return this;
    }

    Fixtures step(String id, String name) {
        log.add(new StepEvent(next(), id, name, StepEvent.Phase.STARTED, null));
        return this;
    }

    Fixtures stepEnd(String id, String name, int exit) {
        log.add(new StepEvent(next(), id, name, StepEvent.Phase.ENDED, exit));
        return this;
    }

    Fixtures dns(String step, Verdict v, String domain, String rcode, ProcessInfo p, String... ips) {
        List<DnsAnswer> answers = new ArrayList<>();
        for (String ip : ips) {
            answers.add(new DnsAnswer(domain, ip.contains(":") ? "AAAA" : "A", 60, ip));
        }
        log.add(new DnsEvent(next(), step, v, domain, "A", "udp", rcode, answers, p, null));
        return this;
    }

    Fixtures connect(String step, Verdict v, String domain, String ip, int port, ProcessInfo p) {
        log.add(new ConnectionEvent(next(), step, v, domain, ip, port, "tcp", "output", p, null));
        return this;
    }

    Fixtures add(Event e) {
        log.add(e);
        return this;
    }

    Fixtures stopped(Map<String, Long> counters) {
        log.add(new AgentEvent(next(), AgentEvent.STOPPED, null, null, null, counters));
        return this;
    }

    List<Event> log() {
        return List.copyOf(log);
    }

    Report report(String job) {
        return ReportBuilder.build(log(), job);
    }
}
