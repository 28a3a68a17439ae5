package dev.runwall.core.event;

import java.time.Instant;
import java.util.List;

/**
 * A DNS query the agent's proxy answered.
 *
 * @param step id of the step the asking process belongs to, or null when unattributed
 * @param domain the queried name, normalised
 * @param qtype the query type, e.g. {@code A}, {@code HTTPS}
 * @param transport {@code udp} or {@code tcp}
 * @param rcode the response code sent, e.g. {@code NOERROR}, {@code NXDOMAIN}, {@code SERVFAIL}
 * @param process the asking process, or null when it could not be found
 * @param reason why the verdict was given, e.g. "not in allowed-endpoints"
 */
public record DnsEvent(
        Instant time,
        String step,
        Verdict verdict,
        String domain,
        String qtype,
        String transport,
        String rcode,
        List<DnsAnswer> answers,
        ProcessInfo process,
        String reason)
        implements Event {
    public DnsEvent {
        answers = answers == null ? List.of() : List.copyOf(answers);
    }
}
