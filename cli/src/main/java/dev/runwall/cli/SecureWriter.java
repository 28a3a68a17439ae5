package dev.runwall.cli;

import dev.runwall.workflow.HardeningResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes changed files in place: a temporary file next to each, then an atomic rename. */
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
            Path target = Path.of(r.file());
            try {
                Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".runwall-", ".tmp");
                try {
                    Files.writeString(tmp, r.updated(), StandardCharsets.UTF_8);
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
}
