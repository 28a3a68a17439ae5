package dev.runwall.core.event;

import java.time.Instant;

/**
 * A new flow seen by the kernel firewall.
 *
 * @param step id of the step, or null when unattributed
 * @param domain the name that resolved to {@code ip}, or null
 * @param protocol {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} or a protocol number
 * @param port destination port, 0 when the protocol has none
 * @param path {@code output} (from the runner) or {@code forward} (from a container bridge)
 * @param process the process that made the flow, or null when unknown
 * @param unexplained null when an audited syscall explains the flow; otherwise why none does (the flow is
 *     counted in the report's {@code loss.unexplainedFlows})
 */
public record ConnectionEvent(
        Instant time,
        String step,
        Verdict verdict,
        String domain,
        String ip,
        int port,
        String protocol,
        String path,
        ProcessInfo process,
        String reason,
        String unexplained)
        implements Event {

    /** A flow without syscall correlation (the first event version). */
    public ConnectionEvent(Instant time, String step, Verdict verdict, String domain, String ip, int port,
            String protocol, String path, ProcessInfo process, String reason) {
        this(time, step, verdict, domain, ip, port, protocol, path, process, reason, null);
    }

    /** This event at another time (the moment its flow's syscall was made). */
    public ConnectionEvent at(Instant when) {
        return new ConnectionEvent(when, step, verdict, domain, ip, port, protocol, path, process, reason, unexplained);
    }

        /** This event attributed to {@code process} in {@code step}, or marked unexplained. */
    public ConnectionEvent attributed(String step, ProcessInfo process, String unexplained) {
        return new ConnectionEvent(time, step, verdict, domain, ip, port, protocol, path, process, reason, unexplained);
    }
}
