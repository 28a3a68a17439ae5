package dev.runwall.core.event;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the agent did with a query or flow. */
public enum Verdict {
    /** Block mode: inside the policy, let through. */
    ALLOWED,
    /** Block mode: outside the policy, stopped. */
    BLOCKED,
    /** Audit mode: let through and recorded. */
    AUDITED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
