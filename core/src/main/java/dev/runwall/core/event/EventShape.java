package dev.runwall.core.event;

import java.net.InetAddress;

/**
 * What every event our agent writes has: a time; a DNS event its verdict, its name and answers with a type and
 * data (an IP address for A and AAAA); a connection its verdict, a real IP address, a port from 0 to 65535 and
 * a protocol; a step event the step's id and its phase; an agent event its action. An event read back
 * from a file (an event log or a report, which a compromised job could have written) is checked against this
 * before anything builds on it; its text (names, paths) stays untrusted either way.
 */
public final class EventShape {
    private EventShape() {}

    /** The first field that breaks the rules, as {@code "ip is not an IP address"}; null when none does. */
    public static String problem(Event e) {
        if (e.time() == null) {
            return "time is missing";
        }
        return switch (e) {
            case DnsEvent d -> dnsProblem(d);
            case ConnectionEvent c -> connectionProblem(c);
            case StepEvent st -> st.step() == null ? "step is missing"
                    : st.phase() == null ? "phase is missing" : null;
            case AgentEvent a -> a.action() == null ? "action is missing" : null;
        };
    }

    private static String dnsProblem(DnsEvent d) {
        if (d.verdict() == null) {
            return "verdict is missing";
        }
        if (d.domain() == null) {
            return "domain is missing";
        }
        for (int j = 0; j < d.answers().size(); j++) {
            DnsAnswer answer = d.answers().get(j);
            if (answer.type() == null || answer.data() == null) {
                return "answers[" + j + "] has no type or no data";
            }
            if (("A".equals(answer.type()) || "AAAA".equals(answer.type())) && addressProblem(answer.data()) != null) {
                return "answers[" + j + "].data is not an IP address";
            }
        }
        return null;
    }

    private static String connectionProblem(ConnectionEvent c) {
        if (c.verdict() == null) {
            return "verdict is missing";
        }
        String ip = addressProblem(c.ip());
        if (ip != null) {
            return "ip " + ip;
        }
        String port = portProblem(c.port());
        if (port != null) {
            return "port " + port;
        }
        return c.protocol() == null ? "protocol is missing" : null;
    }

    /** Why {@code ip} is no IP address literal ({@code "is missing"}, {@code "is not an IP address"}); null when it is one. */
    public static String addressProblem(String ip) {
        if (ip == null) {
            return "is missing";
        }
        try {
            InetAddress.ofLiteral(ip);
            return null;
        } catch (IllegalArgumentException e) {
            return "is not an IP address";
        }
    }

    /** Why {@code port} is no port; null when it is one (0, for protocols without ports, to 65535). */
    public static String portProblem(int port) {
        return port < 0 || port > 65_535 ? port + " is not a port (0 to 65535)" : null;
    }
}
