package dev.runwall.cli;

import dev.runwall.workflow.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code --callee OWNER/REPO=DIR}: local checkouts of called repositories, in front of an online source. */
final class SecureCallees {
    private SecureCallees() {}

    static RepositoryFiles parse(List<String> specs, RepositoryFiles fallback) {
        Map<String, Path> dirs = new HashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || !spec.substring(0, eq).matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
                throw new ExitException(ExitCodes.INVALID_INPUT, "--callee '" + spec + "': expected OWNER/REPO=DIR");
            }
            Path dir = Path.of(spec.substring(eq + 1));
            if (!Files.isDirectory(dir)) {
                throw new ExitException(ExitCodes.INVALID_INPUT, "--callee '" + spec + "': " + dir + " is not a folder");
            }
            dirs.put(spec.substring(0, eq).toLowerCase(Locale.ROOT), dir);
        }
        if (dirs.isEmpty()) {
            return fallback;
        }
        return (repo, ref, path) -> {
            Path root = dirs.get(repo.toLowerCase(Locale.ROOT));
            if (root == null) {
                return fallback.read(repo, ref, path);
            }
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root.normalize()) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readString(file));
            } catch (IOException e) {
                return Optional.empty();
            }
        };
    }
}
