package dev.runwall.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds the endpoints of a run that no baseline run called: the signal that a dependency or an action
 * started talking to somewhere new.
 *
 * <p>An endpoint is the same as a baseline endpoint when the host (name, or address for calls no name
 * resolved to) is the same and the ports and protocols do not contradict each other: a name seen only in
 * DNS in the baseline covers any port of that name; a name seen only in DNS now is covered by any call to
 * it. Blocked calls and names that did not resolve count like any other: a new one is flagged.
 */
public final class BaselineDiff {
    private BaselineDiff() {}

    public static BaselineComparison compare(List<Report> baseline, Report current) {
        List<EndpointSummary> known = new ArrayList<>();
        for (Report r : baseline) {
            known.addAll(r.endpoints());
        }
        List<EndpointSummary> fresh = new ArrayList<>();
        for (EndpointSummary e : current.endpoints()) {
            if (known.stream().noneMatch(k -> same(k, e))) {
                fresh.add(e);
            }
        }
        return new BaselineComparison(baseline.size(), fresh);
    }

    static boolean same(EndpointSummary a, EndpointSummary b) {
        return host(a).equals(host(b))
                && (a.port() == null || b.port() == null || a.port().equals(b.port()))
                && (a.protocol() == null || b.protocol() == null || a.protocol().equals(b.protocol()));
    }

    private static String host(EndpointSummary e) {
        if (e.domain() != null) {
            return e.domain().toLowerCase(Locale.ROOT);
        }
        return Objects.requireNonNullElse(e.ips().isEmpty() ? null : e.ips().getFirst(), "?");
    }
}
