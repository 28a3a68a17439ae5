package dev.runwall.core.report;

import java.time.Instant;
import java.util.List;

/**
 * One step of the job.
 *
 * @param id stable id used by events ({@code step-1}, or a GitHub step's {@code GITHUB_ACTION})
 * @param exitCode null while running or when unknown
 * @param background processes of this step (causally: started inside it) that called out after it ended
 */
public record StepInfo(String id, String name, Instant startedAt, Instant endedAt, Integer exitCode,
        List<BackgroundProcess> background) {
    public StepInfo {
        background = background == null ? List.of() : List.copyOf(background);
    }

    public StepInfo(String id, String name, Instant startedAt, Instant endedAt, Integer exitCode) {
        this(id, name, startedAt, endedAt, exitCode, List.of());
    }

    public StepInfo withBackground(List<BackgroundProcess> processes) {
        return new StepInfo(id, name, startedAt, endedAt, exitCode, processes);
    }
}
