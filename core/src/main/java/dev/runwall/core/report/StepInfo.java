package dev.runwall.core.report;

import java.time.Instant;

/**
 * One step of the job.
 *
 * @param id stable id used by events ({@code step-1}, or a GitHub step's {@code GITHUB_ACTION})
 * @param exitCode null while running or when unknown
 */
public record StepInfo(String id, String name, Instant startedAt, Instant endedAt, Integer exitCode) {}
