package dev.runwall.core.report;

import dev.runwall.core.event.ConnectionEvent;
import dev.runwall.core.event.DnsAnswer;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.Event;
import java.net.InetAddress;
import java.util.List;

/**
 * The shape a report read from a file must have before anything uses it: what every writer of a report
 * guarantees (a step has an id, an event its time and verdict, a connection a real address and port). A
 * report comes from a CI run, where a compromised job could have written it; one that breaks these rules is
 * rejected with the place it breaks them, instead of failing somewhere in a merge or a diff. The text in a
 * report (names, paths, command lines) is never trusted either way: every reader escapes or checks it.
 */
final class ReportCheck {
    private ReportCheck() {}

    /** @throws ReportFormatException naming {@code source} and the first field that breaks the rules */
    static void check(Report r, String source) throws ReportFormatException {
        for (int i = 0; i < r.steps().size(); i++) {
            StepInfo s = r.steps().get(i);
            if (s.id() == null || s.id().isBlank()) {
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
        if (e.time() == null) {
            throw bad(source, at + ".time", "is missing");
        }
        switch (e) {
            case DnsEvent d -> {
                if (d.verdict() == null) {
                    throw bad(source, at + ".verdict", "is missing");
                }
                if (d.domain() == null) {
                    throw bad(source, at + ".domain", "is missing");
                }
                for (int j = 0; j < d.answers().size(); j++) {
                    DnsAnswer answer = d.answers().get(j);
                    if (answer.type() == null || answer.data() == null) {
                        throw bad(source, at + ".answers[" + j + "]", "has no type or no data");
                    }
                }
            }
            case ConnectionEvent c -> {
                if (c.verdict() == null) {
                    throw bad(source, at + ".verdict", "is missing");
                }
                checkAddress(c.ip(), at + ".ip", source);
                checkPort(c.port(), at + ".port", source);
                if (c.protocol() == null) {
                    throw bad(source, at + ".protocol", "is missing");
                }
            }
            default -> {}
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
        if (ip == null) {
            throw bad(source, at, "is missing");
        }
        try {
            InetAddress.ofLiteral(ip);
        } catch (IllegalArgumentException e) {
            throw bad(source, at, "is not an IP address");
        }
    }

    private static void checkPort(int port, String at, String source) throws ReportFormatException {
        if (port < 0 || port > 65_535) {
            throw bad(source, at, port + " is not a port (0 to 65535)");
        }
    }

    private static ReportFormatException bad(String source, String at, String why) {
        return new ReportFormatException(source + ": not a Runwall report.json: " + at + " " + why);
    }
}
