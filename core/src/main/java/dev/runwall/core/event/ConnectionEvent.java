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
        String reason)
        implements Event {}
