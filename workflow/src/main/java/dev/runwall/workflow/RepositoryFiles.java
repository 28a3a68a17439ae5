package dev.runwall.workflow;

import java.io.IOException;
import java.util.Optional;

/**
 * Files of other repositories at a commit: the reusable workflows and actions a workflow calls. From
 * local checkouts given on the command line, or from GitHub when online.
 */
public interface RepositoryFiles {
    /** Reads nothing: remote callees and unknown remote actions stay unknown. */
    RepositoryFiles NONE = (repo, ref, path) -> Optional.empty();

    /**
     * The text of {@code path} in {@code ownerRepo} at {@code ref} (a commit SHA when pinned), empty
     * when this source does not have it.
     */
    Optional<String> read(String ownerRepo, String ref, String path) throws IOException;
}
