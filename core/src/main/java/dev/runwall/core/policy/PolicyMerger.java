package dev.runwall.core.policy;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.report.Report;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Merges the reports of several runs into one allowed-endpoints policy per job. An endpoint that
 * appears in any run is included: optional calls make a single run incomplete.
 *
 * <p>Rules: a name that was connected to contributes {@code name:port} for each port seen; a name that
 * was only resolved (no connection seen) contributes {@code name:443}, the default port; a name that
 * never resolved (NXDOMAIN, e.g. search-domain probes) contributes nothing; a connection to an address no
 * name resolved to contributes {@code ip:port}; blocked calls contribute nothing (they are listed so the
 * user can decide).
 */
public final class PolicyMerger {
    private PolicyMerger() {}

    /** The merged policy of one job. */
    public record JobPolicy(String job, List<String> allowedEndpoints, List<String> blockedNotIncluded, int runs) {
        /** The YAML to paste under the Runwall step's {@code with:}. */
        public String toYaml() {
            StringBuilder y = new StringBuilder();
            y.append("egress-policy: block\n");
            if (allowedEndpoints.isEmpty()) {
                y.append("allowed-endpoints: \"\"\n");
                return y.toString();
            }
            y.append("allowed-endpoints: >\n");
            for (String e : allowedEndpoints) {
                y.append("  ").append(e).append('\n');
            }
            return y.toString();
        }
    }

    /** Merges reports, grouped by job name (reports without a name form one group). */
    public static List<JobPolicy> merge(List<Report> reports) {
        Map<String, List<Report>> byJob = new LinkedHashMap<>();
        for (Report r : reports) {
            byJob.computeIfAbsent(Objects.requireNonNullElse(r.job().name(), ""), k -> new ArrayList<>()).add(r);
        }
        List<JobPolicy> out = new ArrayList<>();
        byJob.forEach((job, runs) -> out.add(mergeJob(job.isEmpty() ? null : job, runs)));
        return out;
    }

    private static JobPolicy mergeJob(String job, List<Report> runs) {
        TreeSet<String> entries = new TreeSet<>();
        TreeSet<String> blocked = new TreeSet<>();
        TreeSet<String> connectedNames = new TreeSet<>();
        TreeSet<String> resolvedNames = new TreeSet<>();
        for (Report r : runs) {
            for (Event e : r.events()) {
                if (e instanceof ConnectionEvent c && c.domain() != null && c.verdict() != Verdict.BLOCKED) {
                    connectedNames.add(c.domain());
                }
            }
        }
        for (Report r : runs) {
            for (Event e : r.events()) {
                switch (e) {
                    case DnsEvent d when d.verdict() == Verdict.BLOCKED -> blocked.add(d.domain());
                    case DnsEvent d when "NOERROR".equals(d.rcode()) && !connectedNames.contains(d.domain()) ->
                            resolvedNames.add(d.domain());
                    case ConnectionEvent c when c.verdict() == Verdict.BLOCKED -> blocked.add(endpoint(c));
                    case ConnectionEvent c when c.port() > 0 -> entries.add(endpoint(c));
                    default -> {}
                }
            }
        }
        for (String name : resolvedNames) {
            entries.add(name + ":" + PortSpec.DEFAULT);
        }
        blocked.removeIf(b -> entries.contains(b) || entries.contains(b + ":" + PortSpec.DEFAULT));
        return new JobPolicy(job, List.copyOf(entries), List.copyOf(blocked), runs.size());
    }

    private static String endpoint(ConnectionEvent c) {
        String host = c.domain() != null ? c.domain() : bracketed(c.ip());
        return c.port() > 0 ? host + ":" + c.port() : host;
    }

    private static String bracketed(String ip) {
        return dev.runwall.core.net.IpText.bracketed(InetAddress.ofLiteral(ip));
    }
}
