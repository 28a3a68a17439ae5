package dev.runwall.workflow;

import java.util.List;

/**
 * The outcome for one file: its text before and after, and what was found. {@code updated} equals
 * {@code original} unless {@link Outcome#CHANGED}.
 */
public record HardeningResult(String file, String original, String updated, List<Finding> findings, Outcome outcome) {
    /** What happened to the file. */
    public enum Outcome {
        /** Nothing to change. */
        UNCHANGED,
        /** Edits planned and verified. */
        CHANGED,
        /** Edits planned but the re-parsed result was not the expected document: left untouched. */
        REFUSED,
        /** Not a valid workflow or action file: left untouched. */
        INVALID
    }

    public HardeningResult {
        findings = List.copyOf(findings);
    }

    public boolean changed() {
        return outcome == Outcome.CHANGED;
    }
}
