package dev.runwall.workflow;

import java.util.function.UnaryOperator;

/**
 * For the command's tests: a hardener whose edited text is spoiled before verification (through the
 * package-private seam of {@link WorkflowHardener}), to run the refusal path end to end.
 */
public final class SpoiledEdits {
    private SpoiledEdits() {}

    public static WorkflowHardener hardener(SecureOptions options, RefSource refs, RepositoryFiles files,
            ImageDigests digests, UnaryOperator<String> spoil) {
        return new WorkflowHardener(options, refs, files, digests, spoil);
    }
}
