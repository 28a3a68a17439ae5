package dev.runwall.dns;

import dev.runwall.core.event.Verdict;

/** What the {@link DnsGate} decided for one incoming message. */
public sealed interface GateDecision {

    /** Pass the query on (to the cache, then upstream). */
    record Forward(DnsQuery query, Verdict verdict, String reason) implements GateDecision {}

    /**
     * Answer at once with a response of our own and never forward: a name outside the policy in block
     * mode (NXDOMAIN).
     */
    record Block(DnsQuery query, byte[] response, String reason) implements GateDecision {}

    /**
     * Answer at once with an error (FORMERR, NOTIMP, BADVERS): the message is a query we cannot or will not
     * handle. {@code query} is null when the question itself could not be read.
     */
    record Reject(DnsQuery query, int rcode, byte[] response, String reason) implements GateDecision {}

    /** Send nothing back: no query header could be read, or the message is a response. */
    record Drop(String reason) implements GateDecision {}
}
