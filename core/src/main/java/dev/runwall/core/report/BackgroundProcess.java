package dev.runwall.core.report;

import java.time.Instant;
import java.util.List;

/**
 * A process that belongs to a step (it was started inside it) and called out after that step ended: a
 * daemon, a build server, or something a compromised step left behind.
 *
 * @param firstCallAfterEnd when it first called out after its step ended
 * @param endpoints what it called after the step ended, as endpoint labels
 */
public record BackgroundProcess(int pid, String name, String exe, Instant firstCallAfterEnd, List<String> endpoints) {
    public BackgroundProcess {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
}
