package dev.runwall.core.report;

import dev.runwall.core.event.Verdict;
import java.util.List;

/**
 * An endpoint the job called: a name (and port when a connection was seen) or, for a connection to an
 * address no name resolved to, the address.
 *
 * @param domain the name, or null for a raw address
 * @param port the destination port, or null when only DNS was seen
 * @param protocol {@code tcp}, {@code udp} ... or null when only DNS was seen
 * @param verdict {@code blocked} if any event for it was blocked, else {@code allowed} or {@code audited}
 * @param ips the addresses it resolved to or was contacted at
 * @param steps the step ids that called it
 * @param count the number of events
 */
public record EndpointSummary(
        String domain,
        Integer port,
        String protocol,
        Verdict verdict,
        List<String> ips,
        List<String> steps,
        List<ProcessSummary> processes,
        int count) {
    public EndpointSummary {
        ips = ips == null ? List.of() : List.copyOf(ips);
        steps = steps == null ? List.of() : List.copyOf(steps);
        processes = processes == null ? List.of() : List.copyOf(processes);
    }

    /** {@code domain:port} or {@code ip:port} as a policy or a reader would write it. */
    public String label() {
        String host = domain != null ? domain : (ips.isEmpty() ? "?" : bracket(ips.getFirst()));
        // ICMP and other port-less protocols are recorded with port 0: no ":0" for them
        return port == null || port == 0 ? host : host + ":" + port;
    }

    private static String bracket(String ip) {
        return ip.contains(":") ? "[" + ip + "]" : ip;
    }
}
