package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.RepositoryFiles;
import dev.runwall.workflow.internal.model.UsesRef;

/** The repository trees of remote actions and reusable workflows, read through {@link RepositoryFiles}. */
public final class RemoteTrees {
    private final RepositoryFiles files;

    public RemoteTrees(RepositoryFiles files) {
        this.files = files;
    }

    FileTree tree(UsesRef.Remote ref) {
        return files == RepositoryFiles.NONE ? new FileTree.None() : new FileTree.Remote(files, ref.repoKey(), ref.ref());
    }
}
