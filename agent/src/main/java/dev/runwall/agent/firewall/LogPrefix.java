package dev.runwall.agent.firewall;

import dev.runwall.core.event.Verdict;
import java.util.Optional;

/**
 * The {@code prefix} of each logging rule of our table: it tells the reader of the NFLOG group what the
 * rule decided and why, so a logged packet needs no other context to become a connection event.
 */
public enum LogPrefix {
    /** Block mode: DNS (53, 853) to anything but our proxy. */
    BLOCK_DNS("runwall:block:dns", Verdict.BLOCKED),
    /** Block mode: a new flow no allowed name or policy entry covers. */
    BLOCK_OTHER("runwall:block:other", Verdict.BLOCKED),
    /** Block mode: a new flow to an address an allowed name resolved to, on an allowed port. */
    ALLOW_NAME("runwall:allow:name", Verdict.ALLOWED),
    /** Block mode: a new flow covered by an address or CIDR entry of the policy. */
    ALLOW_POLICY("runwall:allow:policy", Verdict.ALLOWED),
    /** Audit mode: DNS (53, 853) to a resolver other than our proxy, let through. */
    AUDIT_DNS("runwall:audit:dns", Verdict.AUDITED),
    /** Audit mode: any other new flow, let through. */
    AUDIT_NEW("runwall:audit:new", Verdict.AUDITED);

    private final String text;
    private final Verdict verdict;

    LogPrefix(String text, Verdict verdict) {
        this.text = text;
        this.verdict = verdict;
    }

    /** The prefix as written in the rule (and as the kernel reports it). */
    public String text() {
        return text;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** Whether the flow was DNS to a resolver other than the agent. */
    public boolean otherResolver() {
        return this == BLOCK_DNS || this == AUDIT_DNS;
    }

    /** The prefix a logged packet carries; empty for a prefix no rule of ours writes. */
    public static Optional<LogPrefix> of(String reported) {
        for (LogPrefix p : values()) {
            if (p.text.equals(reported)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
