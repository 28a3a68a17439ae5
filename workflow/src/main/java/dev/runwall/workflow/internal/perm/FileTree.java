package dev.runwall.workflow.internal.perm;

import dev.runwall.workflow.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The files of one repository at one version, where {@code ./} references are read from. */
public sealed interface FileTree {
    /** The text of {@code relative} (a path inside the repository), empty when absent or unreadable. */
    Optional<String> read(String relative);

    /** A name for messages and loop detection. */
    String name();

    /** A repository on disk; never reads outside {@code root}. */
    record Local(Path root) implements FileTree {
        @Override
        public Optional<String> read(String relative) {
            Path p = root.resolve(relative).normalize();
            if (!p.startsWith(root.normalize()) || !Files.isRegularFile(p)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(p));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public String name() {
            return root.toString();
        }
    }

    /** A repository at a ref, read through {@link RepositoryFiles}. */
    record Remote(RepositoryFiles files, String ownerRepo, String ref) implements FileTree {
        @Override
        public Optional<String> read(String relative) {
            try {
                return files.read(ownerRepo, ref, relative);
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public String name() {
            return ownerRepo + "@" + ref;
        }
    }

    /** No repository: every {@code ./} reference stays unknown. */
    record None() implements FileTree {
        @Override
        public Optional<String> read(String relative) {
            return Optional.empty();
        }

        @Override
        public String name() {
            return "(no repository)";
        }
    }

    /** The repository holding {@code file}: the nearest parent with a {@code .github} folder. */
    static FileTree containing(Path file) {
        if (file == null) {
            return new None();
        }
        for (Path dir = file.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".github"))) {
                return new Local(dir);
            }
        }
        return new None();
    }
}
