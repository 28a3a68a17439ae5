package dev.runwall.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * The agent's own lifecycle: started (with mode), stopped (with loss counters), warnings, and the counters
 * of a component that stops before the agent does (process attribution, the flow correlator).
 *
 * @param action {@code started}, {@code stopped}, {@code warning} or {@code counters}
 * @param mode {@code audit} or {@code block}
 * @param allowedEndpoints the policy in force, one entry per line (on {@code started})
 * @param counters loss and volume counters at that moment, e.g. {@code dnsQueries}, {@code unattributed}
 */
public record AgentEvent(
        Instant time, String action, String mode, String allowedEndpoints, String message, Map<String, Long> counters)
        implements Event {
    public static final String STARTED = "started";
    public static final String STOPPED = "stopped";
    public static final String WARNING = "warning";
    /** A component's counters; the report adds them to those of {@code stopped}. */
    public static final String COUNTERS = "counters";

    public AgentEvent {
        counters = counters == null ? Map.of() : Map.copyOf(counters);
    }
}
