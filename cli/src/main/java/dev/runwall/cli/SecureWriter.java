package dev.runwall.cli;

import dev.runwall.workflow.HardeningResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;

/**
 * Writes changed files in place: a temporary file next to each, given the original's mode (and owner
 * and group where allowed), then an atomic rename. A symbolic link is followed: the file it points to
 * is rewritten and the link stays.
 */
final class SecureWriter {
    private final PrintWriter err;

    SecureWriter(PrintWriter err) {
        this.err = err;
    }

    void write(List<HardeningResult> results) {
        for (HardeningResult r : results) {
            if (!r.changed()) {
                continue;
            }
            try {
                Path target = Path.of(r.file()).toRealPath();
                Path tmp = Files.createTempFile(target.getParent(), ".runwall-", ".tmp");
                try {
                    Files.writeString(tmp, r.updated(), StandardCharsets.UTF_8);
                    copyAttributes(target, tmp);
                    try {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
                err.println("secure: wrote " + r.file());
            } catch (IOException e) {
                throw new ExitException(ExitCodes.STATE, "cannot write " + r.file() + ": " + e.getMessage()
                        + "; check that the file and its folder are writable");
            }
        }
        err.flush();
    }

    /** The temporary file is created 0600; the rewritten file keeps the original's mode, owner and group. */
    private static void copyAttributes(Path original, Path tmp) throws IOException {
        PosixFileAttributeView from = Files.getFileAttributeView(original, PosixFileAttributeView.class);
        PosixFileAttributeView to = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (from == null || to == null) {
            return; // not a POSIX file system: nothing to keep
        }
        PosixFileAttributes attrs = from.readAttributes();
        to.setPermissions(attrs.permissions());
        try {
            if (!attrs.group().equals(to.readAttributes().group())) {
                to.setGroup(attrs.group());
            }
            if (!attrs.owner().equals(to.readAttributes().owner())) {
                to.setOwner(attrs.owner());
            }
        } catch (IOException | SecurityException e) {
            // only root may give a file away; the file is then owned by whoever runs runwall
        }
    }
}
