package dev.runwall.dns.resolvconf;

import java.nio.file.Path;

/**
 * What a restore did.
 *
 * @param restored false when there was nothing to restore (no saved state)
 * @param path the file that was restored
 * @param kind what it was before we changed it: {@code file}, {@code symlink} or {@code absent}
 * @param changedMeanwhile whether someone else had changed our version in between (it is replaced anyway:
 *     the original is what the runner had before the agent)
 */
public record RestoreResult(boolean restored, Path path, String kind, boolean changedMeanwhile) {
    public static RestoreResult nothing() {
        return new RestoreResult(false, null, null, false);
    }
}
