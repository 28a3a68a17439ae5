package dev.runwall.workflow;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files {@code runwall secure PATH…} works on: files as given; for a repository root (a folder
 * with a {@code .github/} folder) the workflows in its {@code .github/workflows/}; for a
 * {@code .github} folder the workflows in its {@code workflows/}; for any other folder the YAML files
 * directly in it; and in every case every {@code action.yml}/{@code action.yaml} below the folder.
 */
public final class WorkflowFiles {
    private static final String DOT_GITHUB = ".github";
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", "target", "vendor", "dist", "build");

    private WorkflowFiles() {}

    /** The files to harden, in a stable order; a missing path is an IOException naming it. */
    public static List<Path> discover(List<Path> paths) throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                out.add(p);
            } else if (Files.isDirectory(p)) {
                out.addAll(inFolder(p));
            } else {
                throw new java.nio.file.NoSuchFileException(p.toString(), null, "no such file or folder");
            }
        }
        return List.copyOf(out);
    }

    private static List<Path> inFolder(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        Path workflows = workflowFolder(dir);
        if (Files.isDirectory(workflows)) {
            try (Stream<Path> s = Files.list(workflows)) {
                s.filter(Files::isRegularFile).filter(WorkflowFiles::isYaml).sorted().forEach(out::add);
            }
        }
        for (Path a : actionFiles(dir)) {
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Where the workflows of {@code dir} are: {@code .github/workflows} of a repository root,
     * {@code workflows} of a {@code .github} folder (whose other YAML files, such as
     * {@code dependabot.yml}, are not workflows), else the folder itself.
     */
    private static Path workflowFolder(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        if (name != null && name.toString().equals(DOT_GITHUB)) {
            return dir.resolve("workflows");
        }
        if (Files.isDirectory(dir.resolve(DOT_GITHUB))) {
            return dir.resolve(DOT_GITHUB).resolve("workflows");
        }
        return dir;
    }

    private static List<Path> actionFiles(Path dir) throws IOException {
        List<Path> actions = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                String name = d.getFileName() == null ? "" : d.getFileName().toString();
                return !d.equals(dir) && SKIPPED_DIRS.contains(name) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                String name = f.getFileName().toString();
                if (attrs.isRegularFile() && (name.equals("action.yml") || name.equals("action.yaml"))) {
                    actions.add(f);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        actions.sort(null);
        return actions;
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }
}
