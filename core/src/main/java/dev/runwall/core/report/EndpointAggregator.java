package dev.runwall.core.report;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsAnswer;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.event.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups DNS and connection events into endpoints. A name is one endpoint per port it was connected to;
 * a name seen only in DNS is one endpoint without a port; a connection to an address that no name
 * resolved to is an endpoint of its own, keyed by the address.
 */
final class EndpointAggregator {
    private record Key(String domain, String ip, Integer port, String protocol) {}

    private static final class Group {
        final Key key;
        final Set<String> ips = new TreeSet<>();
        final Set<String> steps = new LinkedHashSet<>();
        final Map<String, List<Integer>> pidsByProcess = new LinkedHashMap<>();
        final Map<String, ProcessInfo> firstProcess = new LinkedHashMap<>();
        boolean blocked;
        boolean audited;
        int count;

        Group(Key key) {
            this.key = key;
        }
    }

    private EndpointAggregator() {}

    static List<EndpointSummary> aggregate(List<Event> traffic, List<String> stepOrder) {
        Map<Key, Group> groups = new LinkedHashMap<>();
        Set<String> connectedDomains = new HashSet<>();
        for (Event e : traffic) {
            if (e instanceof ConnectionEvent c && c.domain() != null) {
                connectedDomains.add(c.domain());
            }
        }
        for (Event e : traffic) {
            switch (e) {
                case DnsEvent d -> {
                    Group g = groups.computeIfAbsent(new Key(d.domain(), null, null, null), Group::new);
                    add(g, d.verdict(), d.step(), d.process());
                    for (DnsAnswer a : d.answers()) {
                        if ("A".equals(a.type()) || "AAAA".equals(a.type())) {
                            g.ips.add(a.data());
                        }
                    }
                }
                case ConnectionEvent c -> {
                    Key key = new Key(c.domain(), c.domain() == null ? c.ip() : null, c.port(), c.protocol());
                    Group g = groups.computeIfAbsent(key, Group::new);
                    add(g, c.verdict(), c.step(), c.process());
                    g.ips.add(c.ip());
                }
                default -> {}
            }
        }
        List<EndpointSummary> out = new ArrayList<>();
        for (Group g : groups.values()) {
            boolean dnsOnly = g.key.port() == null && g.key.ip() == null;
            if (dnsOnly && !g.blocked && connectedDomains.contains(g.key.domain())) {
                continue; // its connections say more (the ports); the DNS side adds nothing
            }
            out.add(summary(g, stepOrder));
        }
        out.sort(Comparator.comparing((EndpointSummary s) -> s.verdict() != Verdict.BLOCKED)
                .thenComparing(EndpointSummary::label));
        return out;
    }

    private static void add(Group g, Verdict verdict, String step, ProcessInfo process) {
        g.count++;
        g.blocked |= verdict == Verdict.BLOCKED;
        g.audited |= verdict == Verdict.AUDITED;
        if (step != null) {
            g.steps.add(step);
        }
        if (process != null) {
            String key = process.name() + "\u0000" + process.exe();
            ProcessInfo first = g.firstProcess.putIfAbsent(key, process);
            if (first != null && first.exeSha256() == null && process.exeSha256() != null) {
                g.firstProcess.put(key, first.withExeSha256(process.exeSha256()));
            }
            List<Integer> pids = g.pidsByProcess.computeIfAbsent(key, k -> new ArrayList<>());
            if (!pids.contains(process.pid())) {
                pids.add(process.pid());
            }
        }
    }

    private static EndpointSummary summary(Group g, List<String> stepOrder) {
        Verdict verdict = g.blocked ? Verdict.BLOCKED : g.audited ? Verdict.AUDITED : Verdict.ALLOWED;
        List<String> steps = new ArrayList<>(g.steps);
        steps.sort(Comparator.comparingInt((String s) -> {
            int i = stepOrder.indexOf(s);
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Comparator.<String>naturalOrder()));
        List<ProcessSummary> processes = new ArrayList<>();
        g.firstProcess.forEach((k, p) -> processes.add(
                new ProcessSummary(p.name(), p.exe(), g.pidsByProcess.get(k), p.parents(), p.exeSha256())));
        return new EndpointSummary(
                g.key.domain(), g.key.port(), g.key.protocol(), verdict, new ArrayList<>(g.ips), steps, processes, g.count);
    }
}
