package dev.runwall.core.policy;

import java.util.Locale;

/** What the agent does with traffic outside the policy. */
public enum EgressMode {
    /** Record everything, block nothing (fail-open). */
    AUDIT,
    /** Answer NXDOMAIN for names outside the policy and drop other flows (fail-closed). */
    BLOCK;

    /** The lower-case name used in workflow inputs, reports and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code audit} or {@code block} (any case). */
    public static EgressMode parse(String text) throws PolicyException {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "audit" -> AUDIT;
            case "block" -> BLOCK;
            default -> throw new PolicyException("egress-policy '" + text + "' is not valid: use 'audit' or 'block'");
        };
    }
}
