package dev.runwall.core.report;

import dev.runwall.core.event.Event;
import dev.runwall.core.event.EventShape;
import java.util.List;

/**
 * The shape a report read from a file must have before anything uses it: what every writer of a report
 * guarantees (a step has an id, an event the shape of {@link EventShape}, an endpoint a verdict, real
 * addresses and a port). A report comes from a CI run, where a compromised job could have written it; one that
 * breaks these rules is rejected with the place it breaks them, instead of failing somewhere in a merge or a
 * diff. The text in a report (names, paths, command lines) is never trusted either way: every reader escapes
 * or checks it.
 */
final class ReportCheck {
    private ReportCheck() {}

    /** @throws ReportFormatException naming {@code source} and the first field that breaks the rules */
    static void check(Report r, String source) throws ReportFormatException {
        for (int i = 0; i < r.steps().size(); i++) {
            StepInfo s = r.steps().get(i);
            if (s.id() == null) {
                throw bad(source, "steps[" + i + "].id", "is missing");
            }
        }
        for (int i = 0; i < r.events().size(); i++) {
            checkEvent(r.events().get(i), "events[" + i + "]", source);
        }
        checkEndpoints(r.endpoints(), "endpoints", source);
        if (r.baseline() != null) {
            checkEndpoints(r.baseline().newEndpoints(), "baseline.newEndpoints", source);
        }
    }

    private static void checkEvent(Event e, String at, String source) throws ReportFormatException {
        String problem = EventShape.problem(e);
        if (problem != null) {
            throw bad(source, at + "." + problem, "");
        }
    }

    private static void checkEndpoints(List<EndpointSummary> endpoints, String name, String source)
            throws ReportFormatException {
        for (int i = 0; i < endpoints.size(); i++) {
            EndpointSummary e = endpoints.get(i);
            String at = name + "[" + i + "]";
            if (e.verdict() == null) {
                throw bad(source, at + ".verdict", "is missing");
            }
            if (e.port() != null) {
                checkPort(e.port(), at + ".port", source);
            }
            if (e.domain() == null && e.ips().isEmpty()) {
                throw bad(source, at, "has neither a domain nor an address");
            }
            for (int j = 0; j < e.ips().size(); j++) {
                checkAddress(e.ips().get(j), at + ".ips[" + j + "]", source);
            }
        }
    }

    private static void checkAddress(String ip, String at, String source) throws ReportFormatException {
        String problem = EventShape.addressProblem(ip);
        if (problem != null) {
            throw bad(source, at, problem);
        }
    }

    private static void checkPort(int port, String at, String source) throws ReportFormatException {
        String problem = EventShape.portProblem(port);
        if (problem != null) {
            throw bad(source, at, problem);
        }
    }

    private static ReportFormatException bad(String source, String at, String why) {
        return new ReportFormatException(source + ": not a Runwall report.json: " + at + (why.isEmpty() ? "" : " " + why));
    }
}
