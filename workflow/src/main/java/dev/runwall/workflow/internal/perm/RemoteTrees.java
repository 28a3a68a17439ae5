package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.RepositoryFiles;
import dev.runwall.workflow.internal.model.UsesRef;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The repository trees of remote actions and reusable workflows, read through {@link RepositoryFiles}
 * once per file and version per run (a thousand workflows using one unknown action ask once).
 */
public final class RemoteTrees {
    private final RepositoryFiles files;
    private final Map<String, Optional<String>> read = new ConcurrentHashMap<>();

    public RemoteTrees(RepositoryFiles files) {
        this.files = files;
    }

    FileTree tree(UsesRef.Remote ref) {
        return files == RepositoryFiles.NONE ? new FileTree.None() : new FileTree.Remote(this::memoRead, ref.repoKey(), ref.ref());
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
