package dev.runwall.core.policy;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import dev.runwall.core.event.Verdict;
import dev.runwall.core.report.Report;
import dev.runwall.core.report.StepInfo;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges the reports of several runs into one allowed-endpoints policy per job. An endpoint that
 * appears in any run is included: optional calls make a single run incomplete.
 *
 * <p>Rules: a name that was connected to contributes {@code name:port} for each port seen; a name that
 * was only resolved (no connection seen) contributes {@code name:443}, the default port; a name that
 * never resolved (NXDOMAIN, e.g. search-domain probes) contributes nothing; a connection to an address no
 * name resolved to contributes {@code ip:port}; blocked calls contribute nothing (they are listed so the
 * user can decide). Each entry remembers in how many runs and by which steps (by step name) it was needed.
 *
 * <p>Reports come from CI runs, where a compromised job could have written them, and even a real one
 * records names as they were asked (a DNS name may hold characters no host name has, or be {@code *}). So
 * an entry goes into the policy only in the form the policy parser itself gives it back, and only as an
 * exact name or address: anything else is listed as not included, never turned into an entry, let alone a
 * wildcard.
 */
public final class PolicyMerger {
    /** Sibling names under one parent (same port) from which a wildcard is suggested. */
    public static final int DEFAULT_WILDCARD_MIN = 3;

    private PolicyMerger() {}

    /**
     * The merged policy of one job.
     *
     * @param job the job name, or null
     * @param allowedEndpoints the entries, sorted
     * @param blockedNotIncluded calls that were blocked in some run and are not in the policy
     * @param invalidNotIncluded calls whose host is no exact name or address a policy entry can hold
     * @param runs how many reports were merged
     * @param entries the entries with the runs and steps that needed them
     * @param wildcards wildcard entries that could replace groups of sibling names (not applied)
     */
    public record JobPolicy(String job, List<String> allowedEndpoints, List<String> blockedNotIncluded,
            List<String> invalidNotIncluded, int runs, List<PolicyEntry> entries, List<WildcardSuggestion> wildcards) {
        public JobPolicy {
            allowedEndpoints = List.copyOf(allowedEndpoints);
            blockedNotIncluded = List.copyOf(blockedNotIncluded);
            invalidNotIncluded = List.copyOf(invalidNotIncluded);
            entries = List.copyOf(entries);
            wildcards = List.copyOf(wildcards);
        }

        /** The allowed-endpoints block to paste under the Runwall (or Harden-Runner) step's {@code with:}. */
        public String toYaml() {
            return PolicyYaml.withBlock(this);
        }

        /** The entries with every suggested wildcard in place of the names it covers. */
        public List<String> withWildcardsApplied() {
            Set<String> covered = new HashSet<>();
            TreeSet<String> out = new TreeSet<>();
            for (WildcardSuggestion w : wildcards) {
                covered.addAll(w.covers());
                out.add(w.pattern());
            }
            for (String e : allowedEndpoints) {
                if (!covered.contains(e)) {
                    out.add(e);
                }
            }
            return new ArrayList<>(out);
        }

        /** This policy with the wildcards applied (and no suggestions left). */
        public JobPolicy applyWildcards() {
            if (wildcards.isEmpty()) {
                return this;
            }
            return new JobPolicy(job, withWildcardsApplied(), blockedNotIncluded, invalidNotIncluded, runs, entries,
                    List.of());
        }
    }

    /** Merges reports, grouped by job name (reports without a name form one group). */
    public static List<JobPolicy> merge(List<Report> reports) {
        return merge(reports, DEFAULT_WILDCARD_MIN);
    }

    /** As {@link #merge(List)}; {@code wildcardMin} 0 turns wildcard suggestions off. */
    public static List<JobPolicy> merge(List<Report> reports, int wildcardMin) {
        Map<String, List<Report>> byJob = new LinkedHashMap<>();
        for (Report r : reports) {
            byJob.computeIfAbsent(Objects.requireNonNullElse(r.job().name(), ""), k -> new ArrayList<>()).add(r);
        }
        List<JobPolicy> out = new ArrayList<>();
        byJob.forEach((job, runs) -> out.add(mergeJob(job.isEmpty() ? null : job, runs, wildcardMin)));
        return out;
    }

    private static final class Seen {
        final Set<Integer> runs = new HashSet<>();
        final Set<String> steps = new LinkedHashSet<>();

        void add(int run, String step) {
            runs.add(run);
            if (step != null) {
                steps.add(step);
            }
        }
    }

    private static JobPolicy mergeJob(String job, List<Report> runs, int wildcardMin) {
        TreeMap<String, Seen> entries = new TreeMap<>();
        TreeSet<String> blocked = new TreeSet<>();
        TreeSet<String> invalid = new TreeSet<>();
        Set<String> connectedNames = new HashSet<>();
        for (Report r : runs) {
            for (Event e : r.events()) {
                if (e instanceof ConnectionEvent c && c.domain() != null && c.verdict() != Verdict.BLOCKED) {
                    connectedNames.add(c.domain());
                }
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            Report r = runs.get(i);
            Map<String, String> stepNames = stepNames(r);
            for (Event e : r.events()) {
                switch (e) {
                    case DnsEvent d when d.verdict() == Verdict.BLOCKED -> blocked.add(d.domain());
                    case DnsEvent d when "NOERROR".equals(d.rcode()) && !connectedNames.contains(d.domain()) ->
                            seen(entries, invalid, d.domain() + ":" + PortSpec.DEFAULT, i, stepNames, d.step());
                    case ConnectionEvent c when c.verdict() == Verdict.BLOCKED -> blocked.add(endpoint(c));
                    case ConnectionEvent c when c.port() > 0 ->
                            seen(entries, invalid, endpoint(c), i, stepNames, c.step());
                    default -> {}
                }
            }
        }
        blocked.removeIf(b -> entries.containsKey(b) || entries.containsKey(b + ":" + PortSpec.DEFAULT));
        List<PolicyEntry> list = new ArrayList<>();
        entries.forEach((endpoint, seen) -> list.add(new PolicyEntry(endpoint, seen.runs.size(), List.copyOf(seen.steps))));
        return new JobPolicy(job, List.copyOf(entries.keySet()), List.copyOf(blocked), List.copyOf(invalid),
                runs.size(), list,
                WildcardSuggester.suggest(entries.keySet(), wildcardMin));
    }

    private static void seen(Map<String, Seen> entries, Set<String> invalid, String endpoint, int run,
            Map<String, String> stepNames, String step) {
        String entry = exactEntry(endpoint);
        if (entry == null) {
            invalid.add(endpoint);
            return;
        }
        entries.computeIfAbsent(entry, k -> new Seen()).add(run, step == null ? null : stepNames.getOrDefault(step, step));
    }

    /**
     * The canonical text of {@code endpoint} when the policy parser reads it as one exact name or single
     * address; null when it does not (a name with spaces or line breaks, {@code *}, a wildcard, a range).
     */
    static String exactEntry(String endpoint) {
        try {
            EndpointPattern p = AllowedEndpointsParser.parseEntry(endpoint);
            boolean exact = switch (p) {
                case NamePattern n -> !n.wildcard();
                case AddressPattern a -> a.isSingleAddress();
            };
            return exact ? p.text() : null;
        } catch (PolicyException e) {
            return null;
        }
    }

    /** Step id to name: ids differ between runs ({@code step-1}, {@code __run_2}); names are what users know. */
    private static Map<String, String> stepNames(Report r) {
        Map<String, String> names = new HashMap<>();
        for (StepInfo s : r.steps()) {
            names.put(s.id(), s.name() != null ? s.name() : s.id());
        }
        return names;
    }

    private static String endpoint(ConnectionEvent c) {
        String host = c.domain() != null ? c.domain() : bracketed(c.ip());
        return c.port() > 0 ? host + ":" + c.port() : host;
    }

    /** An address as a policy writes it; a text that is no address stays as it is (and is then no entry). */
    private static String bracketed(String ip) {
        try {
            return dev.runwall.core.net.IpText.bracketed(InetAddress.ofLiteral(ip));
        } catch (IllegalArgumentException e) {
            return ip;
        }
    }
}
