package dev.runwall.dns.resolvconf.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * What we must know to undo our change to the resolver file, kept in a state directory so that a later
 * start, or a supervisor process, can restore it after a crash. Files are replaced atomically, and the
 * description is written last when saving and removed last when clearing, so a half-saved state is
 * never mistaken for a complete one.
 *
 * @param path the resolver file we changed
 * @param kind {@code file}, {@code symlink} or {@code absent}: what it was before
 * @param linkTarget the symlink's target when {@code kind} is {@code symlink}
 * @param writtenSha256 the digest of what we wrote, to tell whether someone changed it since
 * @param original the original bytes when {@code kind} is {@code file}
 */
public record SavedState(Path path, String kind, String linkTarget, String writtenSha256, byte[] original) {
    public static final String FILE = "file";
    public static final String SYMLINK = "symlink";
    public static final String ABSENT = "absent";

    private static final String DESCRIPTION = "resolv.conf.state";
    private static final String ORIGINAL = "resolv.conf.original";
    private static final String LOCK = "lock";

    /** Runs {@code action} holding the state directory's lock (the agent and its supervisor may race). */
    public static <T> T locked(Path stateDir, IoAction<T> action) throws IOException {
        Files.createDirectories(stateDir);
        try (FileChannel ch = FileChannel.open(stateDir.resolve(LOCK), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            return action.run();
        }
    }

    /** An I/O step run under the lock. */
    @FunctionalInterface
    public interface IoAction<T> {
        T run() throws IOException;
    }

    public static Optional<SavedState> load(Path stateDir) throws IOException {
        String text;
        try {
            text = Files.readString(stateDir.resolve(DESCRIPTION), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        String kind = p.getProperty("kind");
        String path = p.getProperty("path");
        if (path == null || kind == null) {
            throw new IOException(stateDir.resolve(DESCRIPTION) + " is incomplete (no path or kind); restore "
                    + "the resolver file by hand and delete " + stateDir);
        }
        byte[] original = null;
        if (FILE.equals(kind)) {
            try (InputStream in = Files.newInputStream(stateDir.resolve(ORIGINAL))) {
                original = in.readAllBytes();
            }
        }
        return Optional.of(new SavedState(Path.of(path), kind, p.getProperty("linkTarget"),
                p.getProperty("writtenSha256", ""), original));
    }

    public void save(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        if (original != null) {
            writeAtomically(stateDir.resolve(ORIGINAL), original);
        }
        Properties p = new Properties();
        p.setProperty("path", path.toString());
        p.setProperty("kind", kind);
        if (linkTarget != null) {
            p.setProperty("linkTarget", linkTarget);
        }
        p.setProperty("writtenSha256", writtenSha256);
        StringWriter w = new StringWriter();
        p.store(w, "Runwall: how to restore " + path + " (see docs/dns.md)");
        writeAtomically(stateDir.resolve(DESCRIPTION), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void clear(Path stateDir) throws IOException {
        Files.deleteIfExists(stateDir.resolve(ORIGINAL));
        Files.deleteIfExists(stateDir.resolve(DESCRIPTION));
    }

    /** Writes to a temporary file in the same directory, syncs it, and renames it over {@code target}. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".runwall-tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE);
                FileChannel sync = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            out.write(bytes);
            out.flush();
            sync.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
