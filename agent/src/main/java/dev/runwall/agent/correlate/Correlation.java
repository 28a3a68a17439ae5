package dev.runwall.agent.correlate;

import dev.runwall.core.event.ProcessInfo;
import java.time.Instant;

/**
 * What explains a flow.
 *
 * @param process the process whose syscall made the flow, or null
 * @param step the step of that process, or null (unattributed)
 * @param unexplained null when a syscall explains the flow, else why none does
 * @param called when the process made the syscall that started this flow (the kernel's audit time); null when
 *     unexplained, explained by an earlier syscall of the same socket, or a flow logged again
 */
public record Correlation(ProcessInfo process, String step, String unexplained, Instant called) {
    public boolean explained() {
        return unexplained == null;
    }

    /** The same, for a flow logged again: the syscall made the first one, not this one. */
    Correlation repeated() {
        return called == null ? this : new Correlation(process, step, unexplained, null);
    }
}
