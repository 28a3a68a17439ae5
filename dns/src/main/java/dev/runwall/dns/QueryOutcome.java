package dev.runwall.dns;

import dev.runwall.core.event.DnsAnswer;
import dev.runwall.core.event.DnsEvent;
import dev.runwall.core.event.ProcessInfo;
import dev.runwall.core.event.Verdict;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * How a query ended: everything a DNS event needs, except the step and process, which the agent adds.
 *
 * @param context the query (time, client address, transport, name, type)
 * @param verdict {@code audited} in audit mode; {@code allowed} or {@code blocked} in block mode
 * @param rcode the response code sent to the client, e.g. {@code NOERROR}, {@code NXDOMAIN}, {@code SERVFAIL}
 * @param resolution what the answer said (answers, CNAME chain, addresses); null when nothing came from
 *     upstream or the cache (blocked, or upstream failed)
 * @param fromCache whether the answer came from the cache
 * @param reason why: the policy's reason, plus what went wrong when the client got SERVFAIL, plus the CNAME
 *     targets outside the policy when an allowed name led there
 * @param durationNanos from arrival to the response being handed to the socket
 */
public record QueryOutcome(
        QueryContext context,
        Verdict verdict,
        String rcode,
        Resolution resolution,
        boolean fromCache,
        String reason,
        long durationNanos) {

    public String domain() {
        return context.query().domain();
    }

    public String type() {
        return context.query().typeName();
    }

    public Transport transport() {
        return context.transport();
    }

    public InetSocketAddress client() {
        return context.client();
    }

    /** The answer section sent (empty when blocked or failed). */
    public List<DnsAnswer> answers() {
        return resolution == null ? List.of() : resolution.answers();
    }

    /** The CNAME targets followed from the queried name. */
    public List<String> cnameChain() {
        return resolution == null ? List.of() : resolution.cnameChain();
    }

    /** The event for the log, with the step and process the agent found for {@link #client()}. */
    public DnsEvent toEvent(String step, ProcessInfo process) {
        return new DnsEvent(context.receivedAt(), step, verdict, domain(), type(), transport().label(), rcode,
                answers(), process, reason);
    }
}
