package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.RefResolutionException;
import dev.runwall.workflow.RefSource;
import dev.runwall.workflow.RepoRefs;
import dev.runwall.workflow.RepositoryFiles;
import dev.runwall.workflow.internal.model.UsesRef;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The repository trees of remote actions and reusable workflows, read through {@link RepositoryFiles}
 * once per file and version per run (a thousand workflows using one unknown action ask once). A tag or
 * branch is read at the commit it resolves to, the one the reference gets pinned to, so that what is
 * analysed is what will run.
 */
public final class RemoteTrees {
    private final RepositoryFiles files;
    private final RefSource refs;
    private final Map<String, Optional<String>> read = new ConcurrentHashMap<>();

    /** {@code refs} resolves tags and branches to commits; pass the run's memoising source. */
    public RemoteTrees(RepositoryFiles files, RefSource refs) {
        this.files = files;
        this.refs = refs;
    }

    FileTree tree(UsesRef.Remote ref) {
        return files == RepositoryFiles.NONE ? new FileTree.None() : new FileTree.Remote(this::memoRead, ref.repoKey(), commitOf(ref));
    }

    /** The commit {@code ref} resolves to; the ref as written when it cannot be resolved (and so stays unpinned). */
    private String commitOf(UsesRef.Remote ref) {
        if (ref.pinned()) {
            return ref.ref();
        }
        try {
            return refs.refs(ref.repoKey()).resolve(ref.ref()).map(RepoRefs.Resolved::sha).orElse(ref.ref());
        } catch (RefResolutionException e) {
            return ref.ref();
        }
    }

    private Optional<String> memoRead(String repo, String ref, String path) {
        return read.computeIfAbsent(repo + "@" + ref + ":" + path, k -> {
            try {
                return files.read(repo, ref, path);
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }
}
