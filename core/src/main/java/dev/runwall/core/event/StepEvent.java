package dev.runwall.core.event;

import java.time.Instant;

/**
 * A step started or ended.
 *
 * @param step the step id
 * @param exitCode null when the step started
 */
public record StepEvent(Instant time, String step, String name, Phase phase, Integer exitCode) implements Event {
    public enum Phase {
        STARTED,
        ENDED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
