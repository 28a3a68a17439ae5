package dev.runwall.core.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * One thing the agent observed, as written to the event log ({@code events.jsonl}, one JSON object per
 * line, discriminated by {@code kind}). See docs/EVENTS.md.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DnsEvent.class, name = "dns"),
    @JsonSubTypes.Type(value = ConnectionEvent.class, name = "connection"),
    @JsonSubTypes.Type(value = StepEvent.class, name = "step"),
    @JsonSubTypes.Type(value = AgentEvent.class, name = "agent"),
})
public sealed interface Event permits DnsEvent, ConnectionEvent, StepEvent, AgentEvent {
    Instant time();
}
