package dev.runwall.core.report;

import java.time.Instant;

/**
 * The job as a whole.
 *
 * @param name a label for the job (e.g. the workflow job id), may be null
 * @param egressPolicy {@code audit} or {@code block}
 * @param allowedEndpoints the policy in force, one entry per line (empty in audit mode without one)
 */
public record JobInfo(String name, String egressPolicy, String allowedEndpoints, Instant startedAt, Instant endedAt) {}
