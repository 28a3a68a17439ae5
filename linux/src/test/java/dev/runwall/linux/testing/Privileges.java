package dev.runwall.linux.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Preconditions of the integration tests: they fail loudly, never skip. */
public final class Privileges {
    private Privileges() {}

    /** Fails with a message that says what to do when the tests do not run as root. */
    public static void requireRoot() {
        String uid = effectiveUid();
        if (!uid.equals("0")) {
            throw new AssertionError("this integration test needs root (effective uid is " + uid
                    + "): it creates network namespaces, nftables tables, audit rules. Run ./test.sh as root"
                    + " (CI runs as root).");
        }
    }

    /** Fails when a file the kernel feature provides is missing, naming the feature. */
    public static void requireFile(Path path, String feature) {
        if (!Files.exists(path)) {
            throw new AssertionError("kernel feature missing: " + feature + " (" + path + " does not exist)");
        }
    }

    private static String effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2];
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read /proc/self/status: " + e.getMessage(), e);
        }
        throw new AssertionError("no Uid line in /proc/self/status");
    }
}
