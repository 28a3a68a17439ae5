package dev.runwall.agent.correlate;

import dev.runwall.core.event.ProcessInfo;

/**
 * What explains a flow.
 *
 * @param process the process whose syscall made the flow, or null
 * @param step the step of that process, or null (unattributed)
 * @param unexplained null when a syscall explains the flow, else why none does
 */
public record Correlation(ProcessInfo process, String step, String unexplained) {
    public boolean explained() {
        return unexplained == null;
    }
}
