package dev.runwall.workflow;

/** Where the tags and branches of an action's repository come from. */
public interface RefSource {
    /**
     * The refs of {@code ownerRepo} ({@code owner/repo}, any case).
     *
     * @throws RefResolutionException when the repository is unknown or cannot be reached; the message
     *     says why and what to do
     */
    RepoRefs refs(String ownerRepo) throws RefResolutionException;
}
